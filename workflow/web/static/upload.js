// Drag and drop for the upload form. Without JavaScript the plain file inputs still work.
// Dropped folders are walked with webkitGetAsEntry and sent with their relative paths, so a
// dropped folder becomes one case, as it does with the folder input.
(function () {
  "use strict";
  const form = document.getElementById("upload-form");
  const zone = document.getElementById("dropzone");
  const list = document.getElementById("dropped");
  if (!form || !zone || !window.FormData || !window.fetch) return;
  zone.hidden = false;
  const dropped = []; // {field, file, path}

  function readAll(reader) {
    return new Promise((resolve) => {
      const out = [];
      const next = () => reader.readEntries((batch) => {
        if (!batch.length) return resolve(out);
        out.push(...batch);
        next();
      }, () => resolve(out));
      next();
    });
  }

  async function walk(entry, field) {
    if (entry.isFile) {
      const file = await new Promise((ok, bad) => entry.file(ok, bad));
      dropped.push({ field: field, file: file, path: entry.fullPath.replace(/^\//, "") });
    } else if (entry.isDirectory) {
      for (const child of await readAll(entry.createReader())) await walk(child, field);
    }
  }

  ["dragenter", "dragover"].forEach((type) => zone.addEventListener(type, (ev) => {
    ev.preventDefault();
    zone.classList.add("over");
  }));
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", async (ev) => {
    ev.preventDefault();
    zone.classList.remove("over");
    const entries = Array.from(ev.dataTransfer.items || [])
      .map((item) => item.webkitGetAsEntry && item.webkitGetAsEntry()).filter(Boolean);
    for (const entry of entries) await walk(entry, entry.isDirectory ? "folder" : "files");
    if (!entries.length) {
      Array.from(ev.dataTransfer.files).forEach((f) => dropped.push({ field: "files", file: f, path: f.name }));
    }
    list.textContent = dropped.length + " file(s) ready: " + dropped.map((d) => d.path).join(", ");
  });

  form.addEventListener("submit", async (ev) => {
    if (!dropped.length) return; // nothing dropped: the browser posts the form as usual
    ev.preventDefault();
    const data = new FormData(form);
    dropped.forEach((d) => data.append(d.field, d.file, d.path));
    const response = await fetch(form.action, { method: "POST", body: data, credentials: "same-origin" });
    if (response.redirected) {
      window.location.assign(response.url);
    } else {
      document.open();
      document.write(await response.text());
      document.close();
    }
  });
})();

"""Real CV layouts (issue 13): public templates rendered with fictional people (build.py)."""

# Templates kept aside: never looked at while tuning, scored apart by bench/extraction_layouts.py.
# AltaCV was held out until 2026-12-07, when its committed render proved broken (its section headings
# set in math mode by a TeX error the build ignored); it was rebuilt, looked at and is a dev template
# since, and Friggeri's class took its place. McDowell was held out until 2026-12-07 (second session),
# when its one name miss (10/11 held-out names) was looked at and fixed: a dev template since.
# The three RenderCV templates were added on 2026-12-07 to take McDowell's place: another typesetting
# engine (Typst, not TeX or a word processor) and new people (p16-p18, written for them, in no dev
# template), so that the held-out set still tests layouts and people the tuning never saw. On
# 2026-12-08 Typst came into the dev set through three designs of our own (typst_dev.py, people p19-p21
# written for them), so that its text layer is tuned on without looking at a RenderCV miss. On
# 2026-12-08 (later) a seventh round came from JSON Resume themes on npm, HTML printed by Chromium
# (jsonresume_layouts.py): 'even' and 'paper' are dev (people of people.py); 'stackoverflow', 'actual'
# and 'macchiato' are held out with new people p22-p24 (people_more.py, in no dev template), so that
# the held-out set tests web themes, their people and their facts (offices, funders) unseen in tuning.
HELD_OUT = frozenset({"europasscv", "pandoc_markdown_docx", "friggeri",
                      "rendercv_classic", "rendercv_engineering", "rendercv_moderncv",
                      "jsonresume_stackoverflow", "jsonresume_actual", "jsonresume_macchiato"})

"""What every renderer of the real-layout corpus writes alike: month names and LaTeX escaping."""

from __future__ import annotations

MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
LONG = ("January February March April May June July August September October November December").split()


def tex(text: str) -> str:
    """Escape LaTeX specials in content."""
    for a, b in (("\\", r"\textbackslash{}"), ("&", r"\&"), ("%", r"\%"), ("$", r"\$"), ("#", r"\#"),
                 ("_", r"\_")):
        text = text.replace(a, b)
    return text

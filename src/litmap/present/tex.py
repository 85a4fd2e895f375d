"""TeX in a title made plain text, as a reader would say it: ``$\\alpha$-synuclein`` → 'α-synuclein',
``\\textit{Drosophila}`` → 'Drosophila', ``$^{13}$C`` → '¹³C', ``H$_2$O`` → 'H₂O'.

Titles reach litmap from BibTeX-minded reference lists, arXiv pages and LaTeX sources with their TeX
left in; a figure or a slide that printed ``$\\alpha$`` would show the markup, not the word. Only what
is plainly TeX is touched: a ``$…$`` span that holds TeX (a backslash, ``^``, ``_`` or braces, or a
lone letter), a command with a known meaning, an escaped character. Prices ('$5 and $10'), percent
signs and ampersands stay as written, and a command litmap does not know is left as it is rather
than dropped. This module is the lowest of the present stage beside
:mod:`litmap.present.text_fit`; :func:`litmap.present.canvas.plain_title` uses it.
"""

from __future__ import annotations

import re
import unicodedata

_GREEK = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "zeta",
    "eta",
    "theta",
    "iota",
    "kappa",
    "lambda",
    "mu",
    "nu",
    "xi",
    "omicron",
    "pi",
    "rho",
    "sigma",
    "tau",
    "upsilon",
    "phi",
    "chi",
    "psi",
    "omega",
]


def _greek() -> dict[str, str]:
    table = {}
    for name in _GREEK:
        unicode_name = "LAMDA" if name == "lambda" else name.upper()
        table[name] = unicodedata.lookup(f"GREEK SMALL LETTER {unicode_name}")
        table[name.capitalize()] = unicodedata.lookup(f"GREEK CAPITAL LETTER {unicode_name}")
    table.update(varepsilon="ε", vartheta="ϑ", varphi="φ", varrho="ϱ", varsigma="ς", varpi="ϖ")
    return table


#: Commands that stand for a character.
SYMBOLS = {
    **_greek(),
    "pm": "±",
    "mp": "∓",
    "times": "×",
    "div": "÷",
    "cdot": "·",
    "leq": "≤",
    "le": "≤",
    "geq": "≥",
    "ge": "≥",
    "neq": "≠",
    "ne": "≠",
    "approx": "≈",
    "sim": "∼",
    "simeq": "≃",
    "propto": "∝",
    "infty": "∞",
    "partial": "∂",
    "nabla": "∇",
    "sqrt": "√",
    "circ": "°",
    "degree": "°",
    "textdegree": "°",
    "prime": "′",
    "to": "→",
    "rightarrow": "→",
    "leftarrow": "←",
    "leftrightarrow": "↔",
    "Rightarrow": "⇒",
    "uparrow": "↑",
    "downarrow": "↓",
    "ldots": "…",
    "dots": "…",
    "textendash": "–",
    "textemdash": "—",
    "S": "§",
    "ell": "ℓ",
    "hbar": "ħ",
    "AA": "Å",
    "aa": "å",
    "o": "ø",
    "O": "Ø",
    "ss": "ß",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
    "textasciitilde": "~",
    "textbackslash": "\\",
    "odot": "⊙",
    "oplus": "⊕",
    "in": "∈",
    "sum": "∑",
    "prod": "∏",
    "int": "∫",
}
#: Commands whose argument is the text itself (a style, a box).
_STYLE = (
    r"\\(?:textit|textbf|textsl|textsc|textrm|textsf|texttt|textup|textmd|textnormal|emph|underline|"
    r"mathrm|mathit|mathbf|mathsf|mathtt|mathcal|mathbb|boldsymbol|mbox|hbox|text|operatorname)\s{0,3}"
    r"\{([^{}]{0,300})\}"
)
_STYLE_COMMAND = re.compile(_STYLE)
#: Old-style switches in a group: '{\it Drosophila}', '{\bf bold}'.
_SWITCH = re.compile(r"\{\\(?:it|bf|em|sc|rm|sl|sf|tt|itshape|bfseries|scshape)\s{1,3}([^{}]{0,300})\}")
_ACCENTS = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "c": "\u0327",
    "v": "\u030c",
    "u": "\u0306",
    "H": "\u030b",
    "k": "\u0328",
    "r": "\u030a",
}
_ACCENT = re.compile(r"""\\(['`^"~=.]|[cvuHkr](?=[{\s]))\s{0,2}(?:\{\s{0,2}(\\?[A-Za-z])\s{0,2}\}|(\\?[A-Za-z]))""")
#: A $…$ span: no space just inside its dollars (so '$5 and $10' is two prices, not a formula).
_MATH = re.compile(r"\$(?!\s)([^$\n]{1,120}?)(?<![\s\\])\$|\\\((.{1,120}?)\\\)|\$\$([^$]{1,120}?)\$\$")
_MACRO = re.compile(r"\\([A-Za-z]{1,24})(?![A-Za-z])\s{0,1}")
_ESCAPED = re.compile(r"\\([&%$#_{}])")
_SUPERSCRIPTS = dict(zip("0123456789+-=()niT", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵀ"))
_SUBSCRIPTS = dict(zip("0123456789+-=()aeioxnm", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑᵢₒₓₙₘ"))
_SCRIPT = re.compile(r"([\^_])\s{0,2}(?:\{([^{}]{1,40})\}|(\\[A-Za-z]{1,24}|[^\s{}\\]))")


def _is_math(body: str) -> bool:
    """What a $…$ span holds is TeX (not prices): a command, a script or braces, or it starts with a
    letter ('$p < 0.05$', '$n$'), where a price starts with a digit."""
    return bool(re.search(r"[\\^_{}]", body)) or body[:1].isalpha()


def _script(match: re.Match) -> str:
    mark, group, single = match.group(1), match.group(2), match.group(3)
    body = _macros(group if group is not None else single).strip()
    table = _SUPERSCRIPTS if mark == "^" else _SUBSCRIPTS
    if body and all(c in table for c in body):
        return "".join(table[c] for c in body)
    if mark == "^" and body in ("\u2032", "′", "*", "†", "‡", "°"):
        return body
    return f"{mark}{body}" if len(body) == 1 else f"{mark}({body})"


def _macros(text: str) -> str:
    """Known commands as their characters; others left as written."""
    return _MACRO.sub(lambda m: SYMBOLS.get(m.group(1), m.group(0)), text)


def _math(body: str) -> str:
    body = re.sub(r"\\[,;:! ]", " ", body)
    body = re.sub(r"\\frac\s{0,2}\{([^{}]{1,40})\}\s{0,2}\{([^{}]{1,40})\}", r"\1/\2", body)
    body = re.sub(r"\\sqrt\s{0,2}\{([^{}]{1,40})\}", r"√\1", body)
    for _ in range(3):
        body = _STYLE_COMMAND.sub(r"\1", body)
    body = _SCRIPT.sub(_script, body)
    body = _macros(body.replace("~", " "))
    return body.replace("{", "").replace("}", "")


def _accent(match: re.Match) -> str:
    letter = match.group(2) or match.group(3)
    letter = SYMBOLS.get(letter[1:], letter) if letter.startswith("\\") else letter
    return unicodedata.normalize("NFC", letter + _ACCENTS[match.group(1)])


def tex_to_text(text: str) -> str:
    r"""``text`` with its TeX made plain: math spans, style commands, accents, escapes and the
    commands for symbols; anything else as written.

    >>> tex_to_text(r"The role of $\alpha$-synuclein in \textit{Drosophila}")
    'The role of α-synuclein in Drosophila'
    >>> tex_to_text(r"$^{13}$C labelling of 50% of H$_2$O in {\em E. coli}")
    '¹³C labelling of 50% of H₂O in E. coli'
    >>> tex_to_text(r"Gr\"{o}bner bases and Erd\H{o}s, \c{c}a va \& $p < 0.05$")
    'Gröbner bases and Erdős, ça va & p < 0.05'
    >>> tex_to_text("Costs of $5 and $10: R&D, 50%")
    'Costs of $5 and $10: R&D, 50%'
    >>> tex_to_text(r"A $\mathcal{O}(n^{1.5})$ bound and \unknown{kept}")
    'A O(n^(1.5)) bound and \\unknown{kept}'
    """
    text = str(text)
    if "\\" not in text and "$" not in text:
        return text

    def math(match: re.Match) -> str:
        body = next(group for group in match.groups() if group is not None)
        return _math(body) if match.group(1) is None or _is_math(body) else match.group(0)

    text = _MATH.sub(math, text)
    for _ in range(3):  # nested styles: \textbf{\textit{…}}
        text = _SWITCH.sub(r"\1", _STYLE_COMMAND.sub(r"\1", text))
    text = _ACCENT.sub(_accent, text)
    text = _ESCAPED.sub(r"\1", text)
    text = re.sub(r"\\[,;:! ]|(?<!\\)~", " ", text)
    return _macros(text)


__all__ = ["SYMBOLS", "tex_to_text"]

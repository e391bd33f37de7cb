"""Codebooks written as YAML: the nested format that `coder codebook import` reads back."""

from __future__ import annotations

import yaml

from coder.domain.codebook import Code, Codebook

_LINE_BREAKS = frozenset("\r\x85\u2028\u2029\ufeff\x7f")
"""Characters that PyYAML writes unescaped outside double quotes, though they break lines."""


class _Dumper(yaml.SafeDumper):
    """Writes block lists indented under their field, as people write codebooks by hand."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


class _Flow(list[object]):
    """A list written on one line: keywords and each token pattern."""


class _Quoted(str):
    """Text always written in double quotes: keys ("1") and colours ("#c0392b")."""

    __slots__ = ()


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    # Line breaks other than \n and control characters survive only as double-quoted escapes.
    if any(ch in _LINE_BREAKS or (ch < " " and ch not in "\n\t") for ch in text):
        style: str | None = '"'
    else:
        style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _represent_flow(dumper: yaml.SafeDumper, items: _Flow) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=True)


def _represent_quoted(dumper: yaml.SafeDumper, text: _Quoted) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(text), style='"')


_Dumper.add_representer(str, _represent_text)
_Dumper.add_representer(_Flow, _represent_flow)
_Dumper.add_representer(_Quoted, _represent_quoted)


def dump_codebook(codebook: Codebook) -> str:
    """Write the codebook as YAML in the nested format, leaving out empty and default fields."""
    document: dict[str, object] = {"name": codebook.name, "language": codebook.language}
    if codebook.description:
        document["description"] = codebook.description
    document["codes"] = [_code_document(codebook, code) for code in codebook.roots()]
    return yaml.dump(
        document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, indent=2
    )


def _code_document(codebook: Codebook, code: Code) -> dict[str, object]:
    """One code and its children as the mapping that `dump_codebook` writes."""
    document: dict[str, object] = {"id": code.id, "name": code.name}
    optional: dict[str, object] = {
        "key": _Quoted(code.key) if code.key else None,
        "color": _Quoted(code.color) if code.color else None,
        "description": code.description,
        "include": code.include,
        "exclude": code.exclude,
        "examples": list(code.examples),
        "keywords": _Flow(code.keywords),
        "exclude_keywords": _Flow(code.exclude_keywords),
        "patterns": [_Flow(pattern) for pattern in code.patterns],
    }
    document |= {name: value for name, value in optional.items() if value}
    if not code.codable:
        document["codable"] = False
    children = codebook.children(code.id)
    if children:
        document["children"] = [_code_document(codebook, child) for child in children]
    return document

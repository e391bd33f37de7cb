"""The keyword forms a project keeps, so that an import with the same codebook reads no table."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from coder.nlp import matcher, pipeline
from coder.nlp.forms import KeywordForms, forms_key, keyword_forms
from coder.services.codebook import project_codebook
from coder.services.importing import ImportOptions, import_paths
from coder.services.project import Project
from coder.services.review import queue
from coder.services.rules import import_rules
from coder.storage import codes as code_store
from coder.storage.rule_forms import kept_forms

ANSWER = "Anna: Hur gick det?\nBo: {}\n"


def _import(project: Project, folder: Path, name: str, text: str) -> int:
    (folder / f"{name}.txt").write_text(ANSWER.format(text), encoding="utf-8")
    return import_paths(project, [folder / f"{name}.txt"], ImportOptions(suggest=True)).suggestions


def _no_tables(lang: str) -> dict[str, str]:
    raise AssertionError(f"the {lang} lemma table was read")


def test_rule_forms_a_second_import_reads_no_lemma_table(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _import(project, tmp_path, "int08", "Pandemin stoppade allt.") == 1
    monkeypatch.setattr(matcher, "_COMPILED", {})  # as in the next `coder import` process
    monkeypatch.setattr(matcher, "_LAST", {})
    monkeypatch.setattr(pipeline, "lemma_table", _no_tables)
    assert _import(project, tmp_path, "int09", "Under pandemierna gick inget.") == 1
    assert {s.source for s in queue(project)} >= {"int08", "int09"}


def test_rule_forms_are_worked_out_again_when_the_keywords_change(
    project: Project, tmp_path: Path
) -> None:
    _import(project, tmp_path, "int08", "Pandemin stoppade allt.")
    configs = [rule.as_config() for rule in import_rules(project)]
    assert kept_forms(project.conn, "sv", forms_key("sv", configs)) is not None
    code = project_codebook(project).by_id("pandemin")
    with project.transaction() as conn:
        code_store.put_code(conn, replace(code, keywords=("smitta",)), project.new_change())
    assert _import(project, tmp_path, "int09", "Smittan spreds.") == 1
    changed = [rule.as_config() for rule in import_rules(project)]
    kept = kept_forms(project.conn, "sv", forms_key("sv", changed))
    assert kept is not None
    assert "smittan" in KeywordForms.from_json(kept).forms["smitta"]


def test_rule_forms_read_back_the_same() -> None:
    configs = [{"code": "x", "keywords": ["företag", "small business"], "patterns": [],
                "exclude_keywords": ["pandemi"]}]  # fmt: skip
    for lang in ("sv", "en"):
        forms = keyword_forms(lang, configs)
        assert KeywordForms.from_json(forms.to_json()) == forms


def test_rule_forms_an_import_reads_the_tables_of_the_languages_it_meets_only(
    project: Project, tmp_path: Path, lemma_tables_read: list[str]
) -> None:
    (tmp_path / "int10.txt").write_text(
        "Interviewer: How did the project go?\nBo: Covid stopped everything we had planned for "
        "the spring, and the companies were hard to reach.\n",
        encoding="utf-8",
    )
    report = import_paths(project, [tmp_path / "int10.txt"], ImportOptions(suggest=True))
    assert report.suggestions == 1
    assert set(lemma_tables_read) == {"en"}  # an English interview: the Swedish table is not read
    configs = [rule.as_config() for rule in import_rules(project)]
    assert kept_forms(project.conn, "en", forms_key("en", configs)) is not None
    assert kept_forms(project.conn, "sv", forms_key("sv", configs)) is None

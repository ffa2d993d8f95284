"""A bilingual Chinese-English CV: Chinese headings, '至今' for present, a name in characters beside its
romanisation, Chinese grant roles and nested program names. The person is fictional."""

from __future__ import annotations

from datetime import date

import pytest

from intake.extract import extract_profile
from intake.extract.sections import Section, heading_section

from extract_factory import cv_document

CV = """个人简历 Curriculum Vitae
姓名 Name: 林晓雯 (Lin Xiaowen)
Email: lin.xw@example.cn

教育背景 Education
2008.09-2012.06  哈尔滨工业大学 本科 Harbin Institute of Technology, B.Eng.

工作经历
2017.07-2020.06  博士后 Postdoctoral Fellow, 清华大学 Tsinghua University
2020.07-至今  副教授 Associate Professor, 西北工业大学 Northwestern Polytechnical University

科研项目 Research Projects
2021-2024 国家自然科学基金青年项目 (62101234), 主持, 30万元

人才计划
2021 入选青年千人计划
"""
GAZ = [("ORG", "Harbin Institute of Technology"), ("ORG", "哈尔滨工业大学"), ("ORG", "Northwestern Polytechnical University"),
       ("FUNDER", "国家自然科学基金"), ("PROGRAM", "千人计划"), ("PROGRAM", "青年千人"), ("PROGRAM", "青年千人计划")]


@pytest.fixture(scope="module")
def profile():
    return extract_profile([cv_document(CV)], GAZ)


@pytest.mark.parametrize(("text", "section"), [
    ("教育背景 Education", Section.EDUCATION), ("工作经历", Section.EMPLOYMENT), ("科研项目 Research Projects", Section.FUNDING),
    ("人才计划", Section.HONORS), ("专利", Section.PATENTS), ("学术报告：", Section.TALKS),
])
def test_chinese_headings(text: str, section: Section) -> None:
    assert heading_section(text) == section


def test_a_chinese_sentence_is_not_a_heading() -> None:
    assert heading_section("2021 入选青年千人计划") is None
    assert heading_section("主持国家自然科学基金青年项目一项并发表论文十余篇") is None


def test_name_in_characters_and_romanised(profile) -> None:
    assert (profile.person.name, profile.person.other_names) == ("Lin Xiaowen", ["林晓雯"])


def test_positions_with_present_written_in_chinese(profile) -> None:
    current = profile.affiliations[-1]
    assert current.organisation == "Northwestern Polytechnical University"
    assert (current.period.start, current.period.current) == (date(2020, 7, 1), True)


def test_grant_role_and_nested_program_names(profile) -> None:
    assert [(f.funder, f.grant_id, f.role) for f in profile.funding] == [("国家自然科学基金", "62101234", "PI")]
    assert [p.name for p in profile.talent_programs] == ["青年千人计划"]

"""Validator messages in English and Korean: a catalogue of templates and the `Message` that fills one."""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Any

__all__ = ["CATALOGUE", "Message", "msg", "NOTHING", "particle"]

#: key → (English, Korean). `{name}` is a parameter; `{name:을}` (or 이, 은, 과) is the Korean
#: particle that follows the parameter's last sound; `{name:strip}` drops surrounding spaces.
#: A `where` parameter is a prefix naming the part of a file ("question ", "질문의 ").
CATALOGUE: dict[str, tuple[str, str]] = {
    "": ("", ""),
    "verbatim": ("{text}", "{text}"),
    # -- what a value turned out to be (`kind_of`) ---------------------------------------
    "kind_bool": (
        "true/false (YAML reads yes/no/on/off as booleans: put the text in quotes)",
        "참/거짓 값(YAML은 yes/no/on/off를 참/거짓으로 읽습니다. 텍스트라면 따옴표로 감싸세요)",
    ),
    "kind_number": (
        "a number (put it in quotes if it is text)",
        "숫자(텍스트라면 따옴표로 감싸세요)",
    ),
    "kind_nothing": ("nothing", "빈 값"),
    "kind_date": ("a date (put it in quotes if it is text)", "날짜(텍스트라면 따옴표로 감싸세요)"),
    "kind_mapping": ("a mapping", "매핑"),
    "kind_list": ("a list", "목록"),
    "kind_type": ("{name}", "{name} 타입"),
    "kind_empty_text": ("empty text", "빈 텍스트"),
    # -- which part of a file a field belongs to ---------------------------------------
    "where_link": ("link ", "링크의 "),
    "where_source": ("source ", "출처의 "),
    "where_misconception": ("misconception ", "오개념의 "),
    "where_category": ("category ", "카테고리의 "),
    "where_question": ("question ", "질문의 "),
    "where_recall": ("recall question ", "서술형 질문의 "),
    "where_choice_question": ("choice question ", "객관식 질문의 "),
    "where_choice": ("choice {index} ", "선택지 {index}의 "),
    "where_point": ("point {index} ", "핵심 포인트 {index}의 "),
    # -- typed reads of fields (`Fields`) ------------------------------------------------
    "suggest": (" (did you mean '{match}'?)", " — '{match}'{match:을} 말씀하신 건가요?"),
    "missing_field": ("missing required field '{key}'", "필수 필드 '{key}'{key:이} 없습니다"),
    "missing_field_in": (
        "missing required field '{key}' in {where:strip}",
        "{where}필수 필드 '{key}'{key:이} 없습니다",
    ),
    "must_be_text": (
        "{where}'{key}' must be text, got {what}",
        "{where}'{key}'에는 텍스트를 써야 합니다. 지금 값: {what}",
    ),
    "must_be_text_map": (
        "{where}'{key}' must be a mapping {{en: ..., ko: ...}}, got {what}",
        "{where}'{key}'{key:은} {{en: ..., ko: ...}} 형태의 매핑이어야 합니다. 지금 값: {what}",
    ),
    "lang_missing": ("{where}'{key}.{lang}' is missing", "{where}'{key}.{lang}'{lang:이} 없습니다"),
    "lang_empty": (
        "{where}'{key}.{lang}' is empty",
        "{where}'{key}.{lang}'{lang:이} 비어 있습니다",
    ),
    "lang_not_text": (
        "{where}'{key}.{lang}' must be text, got {what}",
        "{where}'{key}.{lang}'에는 텍스트를 써야 합니다. 지금 값: {what}",
    ),
    "lang_unknown": (
        "{where}'{key}' has unknown language '{extra}' (use en and ko)",
        "{where}'{key}'에 알 수 없는 언어 '{extra}'{extra:이} 있습니다(en과 ko를 쓰세요)",
    ),
    "must_be_list": (
        "{where}'{key}' must be a list, got {what}",
        "{where}'{key}'{key:은} 목록이어야 합니다. 지금 값: {what}",
    ),
    # -- reading a file (`packfiles`) ----------------------------------------------------
    "file_unreadable": ("cannot read the file: {reason}", "파일을 읽을 수 없습니다: {reason}"),
    "file_not_regular": (
        "not a regular file (a pipe, socket or device); remove it from the pack",
        "일반 파일이 아닙니다(파이프, 소켓 또는 장치). 팩에서 빼 주세요",
    ),
    "file_too_big": (
        "file is {size:,} bytes; the limit is {limit:,} (split the concept)",
        "파일이 {size:,}바이트입니다. 한도는 {limit:,}바이트입니다(개념을 나눠 주세요)",
    ),
    "file_utf16": ("file is UTF-16; save it as UTF-8", "UTF-16 파일입니다. UTF-8로 저장해 주세요"),
    "file_nul": (
        "file contains a NUL byte (is it a binary file?)",
        "파일에 NUL 바이트가 있습니다(바이너리 파일인가요?)",
    ),
    "file_bad_utf8": (
        "invalid UTF-8 (byte {at}); save the file as UTF-8",
        "올바른 UTF-8이 아닙니다(바이트 {at}). 파일을 UTF-8로 저장해 주세요",
    ),
    "file_control": (
        "file contains a control character (U+{code:04X}); remove it",
        "파일에 제어 문자(U+{code:04X})가 있습니다. 지워 주세요",
    ),
    "front_matter_missing": (
        "file must start with a '---' line opening the YAML front matter",
        "파일은 YAML 프런트 매터를 여는 '---' 줄로 시작해야 합니다",
    ),
    "front_matter_unclosed": (
        "the front matter opened on line 1 is never closed with a '---' line",
        "1번 줄에서 연 프런트 매터를 닫는 '---' 줄이 없습니다",
    ),
    "section_twice": ("a second '## {lang}' section", "'## {lang}' 섹션이 두 번 나옵니다"),
    "text_before_sections": (
        "text before the first '## en' or '## ko' heading is ignored",
        "첫 '## en' 또는 '## ko' 제목 앞의 글은 무시됩니다",
    ),
    "section_missing": (
        "missing the '## {lang}' body section",
        "본문에 '## {lang}' 섹션이 없습니다",
    ),
    "section_empty": (
        "the '## {lang}' body section is empty",
        "본문의 '## {lang}' 섹션이 비어 있습니다",
    ),
    # -- a concept file (`pack`) ---------------------------------------------------------
    "front_matter_not_map": (
        "front matter must be a mapping of fields, got {what}",
        "프런트 매터는 필드의 매핑이어야 합니다. 지금 값: {what}",
    ),
    "unknown_field": ("unknown field '{key}'{hint}", "알 수 없는 필드 '{key}'{hint}"),
    "alias_too_long": (
        "an alias is {length:,} characters long; the limit is {limit}",
        "별칭이 {length:,}자입니다. 한도는 {limit}자입니다",
    ),
    "alias_not_text": (
        "'aliases' items must be text, got {what}",
        "'aliases' 항목은 텍스트여야 합니다. 지금 값: {what}",
    ),
    "link_not_map": (
        "a link must be a mapping {{to: ..., kind: ...}}, got {what}",
        "링크는 {{to: ..., kind: ...}} 형태의 매핑이어야 합니다. 지금 값: {what}",
    ),
    "link_kind_unknown": (
        "unknown link kind '{kind}'{hint}; use one of: {kinds}",
        "알 수 없는 링크 종류 '{kind}'{hint} (쓸 수 있는 값: {kinds})",
    ),
    "source_not_map": (
        "a source must be a mapping {{title: ..., url: ...}}, got {what}",
        "출처는 {{title: ..., url: ...}} 형태의 매핑이어야 합니다. 지금 값: {what}",
    ),
    "source_url": (
        "source url must start with http:// or https://, got '{url}'",
        "출처 url은 http:// 또는 https://로 시작해야 합니다. 지금 값: '{url}'",
    ),
    "misconception_not_map": (
        "a misconception must be a mapping {{en: ..., ko: ...}}, got {what}",
        "오개념은 {{en: ..., ko: ...}} 형태의 매핑이어야 합니다. 지금 값: {what}",
    ),
    "title_too_long": (
        "'title.{lang}' is {length:,} characters long; the limit is {limit} (put the detail in the body)",
        "'title.{lang}'{lang:이} {length:,}자입니다. 한도는 {limit}자입니다(자세한 내용은 본문에 쓰세요)",
    ),
    "categories_missing": (
        "missing categories.yaml (a list of {{id, title: {{en, ko}}, colour}})",
        "categories.yaml이 없습니다({{id, title: {{en, ko}}, colour}}의 목록이어야 합니다)",
    ),
    "categories_not_list": (
        "categories.yaml must be a list of categories, got {what}",
        "categories.yaml은 카테고리의 목록이어야 합니다. 지금 값: {what}",
    ),
    "category_not_map": (
        "a category must be a mapping, got {what}",
        "카테고리는 매핑이어야 합니다. 지금 값: {what}",
    ),
    "category_id_case": (
        "category id '{id}' must be kebab-case (a-z, 0-9, '-')",
        "카테고리 id '{id}'{id:은} 케밥 케이스(a-z, 0-9, '-')여야 합니다",
    ),
    "colour_bad": (
        "colour '{colour}' must look like #1f77b4",
        "색 '{colour}'{colour:은} #1f77b4 같은 형식이어야 합니다",
    ),
    "category_duplicate": ("duplicate category id '{id}'", "카테고리 id '{id}'{id:이} 중복됩니다"),
    "not_a_folder": (
        "not a folder: a content pack is a folder with categories.yaml and Markdown files",
        "폴더가 아닙니다. 콘텐츠 팩은 categories.yaml과 Markdown 파일이 든 폴더입니다",
    ),
    "symlink_pack": (
        "symbolic link skipped (content must live inside the pack)",
        "심볼릭 링크를 건너뛰었습니다(콘텐츠는 팩 안에 있어야 합니다)",
    ),
    # -- questions (`pack_questions`) ----------------------------------------------------
    "question_not_map": (
        "a question must be a mapping, got {what}",
        "질문은 매핑이어야 합니다. 지금 값: {what}",
    ),
    "question_field_unknown": (
        "unknown question field '{key}'{hint}",
        "알 수 없는 질문 필드 '{key}'{hint}",
    ),
    "question_id_case": (
        "question id '{id}' must be kebab-case (a-z, 0-9, '-')",
        "질문 id '{id}'{id:은} 케밥 케이스(a-z, 0-9, '-')여야 합니다",
    ),
    "question_kind_unknown": (
        "unknown question kind '{kind}'{hint}; use recall or choice",
        "알 수 없는 질문 종류 '{kind}'{hint} (쓸 수 있는 값: recall 서술형, choice 객관식)",
    ),
    "points_on_choice": (
        "'points' belong to recall questions only (a choice question has one right answer)",
        "'points'는 서술형 질문에만 씁니다(객관식 질문은 정답이 하나입니다)",
    ),
    "choice_not_map": (
        "choice {index} must be a mapping {{en: ..., ko: ...}}, got {what}",
        "선택지 {index}{index:은} {{en: ..., ko: ...}} 형태의 매핑이어야 합니다. 지금 값: {what}",
    ),
    "choices_too_few": (
        "a choice question needs at least 2 choices",
        "객관식 질문에는 선택지가 2개 이상 있어야 합니다",
    ),
    "correct_not_index": (
        "'correct' must be the 0-based index of the right choice, got {what}",
        "'correct'는 정답 선택지의 번호(0부터 셈)여야 합니다. 지금 값: {what}",
    ),
    "correct_out_of_range": (
        "'correct' is {correct} but there are {count} choices (0-based: 0 to {last})",
        "'correct'가 {correct}인데 선택지는 {count}개입니다(0부터 세어 0–{last})",
    ),
    "point_not_map": (
        "point {index} must be a mapping {{en: ..., ko: ..., keywords: [...]}}, got {what}",
        "핵심 포인트 {index}{index:은} {{en: ..., ko: ..., keywords: [...]}} 형태의 매핑이어야 합니다. 지금 값: {what}",
    ),
    "point_field_unknown": (
        "unknown point field '{key}'{hint}",
        "알 수 없는 핵심 포인트 필드 '{key}'{hint}",
    ),
    "keywords_none": (
        "{where}needs at least one keyword",
        "{where}키워드가 하나 이상 있어야 합니다",
    ),
    "keywords_not_text": (
        "{where}keywords must be text, got {what}",
        "{where}키워드는 텍스트여야 합니다. 지금 값: {what}",
    ),
    # -- across files (`crosscheck`) -----------------------------------------------------
    "concept_id_case": (
        "id '{id}' must be kebab-case: lower-case a-z, 0-9 and single '-'",
        "id '{id}'{id:은} 케밥 케이스여야 합니다: 소문자 a-z, 0-9와 '-' 하나씩",
    ),
    "concept_duplicate": (
        "duplicate concept id '{id}' (also in {other})",
        "개념 id '{id}'{id:이} 중복됩니다({other}에도 있습니다)",
    ),
    "category_unknown": (
        "unknown category '{category}'{hint}",
        "알 수 없는 카테고리 '{category}'{hint}",
    ),
    "link_to_self": ("'{id}' links to itself", "'{id}'의 링크가 자기 자신을 가리킵니다"),
    "link_target_unknown": (
        "link to unknown concept '{target}'{hint}",
        "링크가 가리키는 개념 '{target}'{target:이} 없습니다{hint}",
    ),
    "link_duplicate": (
        "duplicate link to '{target}' ({kind})",
        "'{target}'에 대한 링크가 중복됩니다({kind})",
    ),
    "wikilink_unknown": (
        "[[{target}]] names an unknown concept{hint}",
        "[[{target}]]{target:이} 가리키는 개념이 없습니다{hint}",
    ),
    "question_duplicate": (
        "duplicate question id '{id}' (also in {other})",
        "질문 id '{id}'{id:이} 중복됩니다({other}에도 있습니다)",
    ),
    "prerequisite_cycle": (
        "prerequisite-of links form a cycle: {cycle}",
        "prerequisite-of 링크가 순환합니다: {cycle}",
    ),
    # -- Obsidian vaults (`obsidian`, `obsidian_note`) -----------------------------------
    "symlink_vault": (
        "symbolic link skipped (notes must live inside the vault)",
        "심볼릭 링크를 건너뛰었습니다(노트는 볼트 안에 있어야 합니다)",
    ),
    "note_link_missing": (
        "[[{target}]] links to a note that is not in the vault; the link is left out",
        "[[{target}]]{target:은} 볼트에 없는 노트를 가리킵니다. 이 링크는 빼고 읽습니다",
    ),
    "properties_not_map": (
        "front matter must be a mapping of properties, got {what}",
        "프런트 매터는 속성의 매핑이어야 합니다. 지금 값: {what}",
    ),
    "property_not_text": (
        "'{key}' holds {what}; only text is kept",
        "'{key}'에 {what}{what:이} 있습니다. 텍스트만 읽습니다",
    ),
    "property_too_long": (
        "an item of '{key}' is too long; skipped",
        "'{key}'의 항목 하나가 너무 길어 건너뛰었습니다",
    ),
    "card_side_empty": (
        "a '?' line separates a flashcard's question (the lines above) from its answer "
        "(the lines below), but one of them is empty; no card made",
        "'?' 줄은 플래시카드의 질문(위 줄)과 답(아래 줄)을 나누는데, 둘 중 하나가 비어 있어 "
        "카드를 만들지 않았습니다",
    ),
    # -- YAML (`yamlsafe`) ---------------------------------------------------------------
    "yaml": ("YAML: {problem}", "YAML 오류: {problem}"),
    "yaml_invalid": ("invalid YAML", "올바른 YAML이 아닙니다"),
    "yaml_too_deep": ("nesting is too deep", "중첩이 너무 깊습니다"),
    "yaml_alias": (
        "anchors and aliases (*name) are not allowed in content files",
        "앵커와 별칭(*name)은 콘텐츠 파일에 쓸 수 없습니다",
    ),
    "yaml_merge": (
        "merge keys (<<) are not allowed in content files",
        "병합 키(<<)는 콘텐츠 파일에 쓸 수 없습니다",
    ),
    "yaml_key_plain": ("a key must be plain text", "키는 일반 텍스트여야 합니다"),
    "yaml_duplicate_key": ("duplicate key {key}", "키 {key}{key:이} 두 번 나옵니다"),
    "yaml_control": (
        "control character U+{code:04X} is not allowed in text",
        "텍스트에 제어 문자 U+{code:04X}{code:은} 쓸 수 없습니다",
    ),
    "yaml_tag": (
        "the tag {tag} is not allowed (plain YAML only)",
        "태그 {tag}{tag:은} 쓸 수 없습니다(일반 YAML만 됩니다)",
    ),
    # PyYAML's own problems: the English is the parser's words (`text`), as it gave them.
    "yaml_flow_sequence": (
        "{text}",
        "이 줄에서 연 '['가 닫히지 않았습니다(',' 또는 ']'가 와야 합니다)",
    ),
    "yaml_flow_mapping": (
        "{text}",
        "이 줄에서 연 '{{'가 닫히지 않았습니다(',' 또는 '}}'가 와야 합니다)",
    ),
    "yaml_bad_token": (
        "{text}",
        "YAML이 읽을 수 없는 문자가 있습니다(들여쓰기는 탭 대신 공백으로, @나 `로 시작하는 값은 따옴표로 감싸세요)",
    ),
    "yaml_no_colon": ("{text}", "키 뒤에 ':'가 없습니다"),
    "yaml_unclosed_quote": ("{text}", "이 줄에서 연 따옴표가 닫히지 않았습니다"),
    "yaml_unexpected_end": ("{text}", "파일이 예상보다 일찍 끝났습니다"),
    "yaml_mapping_here": (
        "{text}",
        "여기에는 'key: value'를 쓸 수 없습니다(들여쓰기를, 값에 ': '가 있다면 따옴표를 확인하세요)",
    ),
    "yaml_sequence_here": (
        "{text}",
        "여기에는 '- ' 목록 항목을 쓸 수 없습니다(들여쓰기를 확인하세요)",
    ),
    "yaml_expected_key": ("{text}", "키가 와야 할 자리입니다(들여쓰기를 확인하세요)"),
    "yaml_expected_dash": ("{text}", "'- ' 목록 항목이 와야 할 자리입니다(들여쓰기를 확인하세요)"),
    "yaml_expected_content": ("{text}", "값이 와야 할 자리에 값이 없습니다"),
    "yaml_line_end": ("{text}", "값 뒤에는 주석이나 줄바꿈만 올 수 있습니다"),
    "yaml_tab_indent": ("{text}", "들여쓰기에 탭 문자가 있습니다(공백으로 들여 쓰세요)"),
    "yaml_escape": ("{text}", "큰따옴표 안에 알 수 없는 이스케이프('\\' 뒤의 문자)가 있습니다"),
    "yaml_document_marker": ("{text}", "따옴표 안에 문서 구분선('---' 또는 '...')이 있습니다"),
    "yaml_another_document": ("{text}", "문서는 하나여야 하는데 '---' 뒤에 문서가 또 있습니다"),
    "yaml_undefined_alias": ("{text}", "정의되지 않은 별칭(*name)이 있습니다"),
    "yaml_nesting": ("{text}", "중첩이 너무 깊습니다"),
}


@dataclass(frozen=True)
class Message:
    """One catalogue entry with its parameters, readable in either language."""

    key: str
    params: tuple[tuple[str, Param], ...] = ()

    def get(self, lang: str) -> str:
        """The message in `lang` ("ko", or English for anything else)."""
        english, korean = CATALOGUE[self.key]
        template = korean if lang == "ko" else english
        return _Formatter(lang).vformat(template, (), dict(self.params))

    @property
    def en(self) -> str:
        return self.get("en")

    @property
    def ko(self) -> str:
        return self.get("ko")

    def __str__(self) -> str:
        return self.en


Param = str | int | Message
NOTHING = Message("")


def msg(key: str, /, **params: Param) -> Message:
    """The catalogue's `key` filled with `params`; an unknown key fails here, not when shown."""
    if not params:
        found = _PLAIN.get(key)
        if found is not None:  # made once: reading a pack asks for these thousands of times
            return found
    if key not in CATALOGUE:
        raise KeyError(f"no message {key!r} in the catalogue")
    message = Message(key, tuple(params.items()))
    if not params:
        _PLAIN[key] = message
    return message


_PLAIN: dict[str, Message] = {}


# Particles that change with the last sound of the word before them: (after a final
# consonant, after a vowel). A spec names either form.
_PARTICLES = {
    form: pair for pair in (("을", "를"), ("이", "가"), ("은", "는"), ("과", "와")) for form in pair
}


class _Formatter(string.Formatter):
    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, Message):
            value = value.get(self.lang)
        if format_spec in _PARTICLES:
            return particle(str(value), format_spec)
        if format_spec == "strip":
            return str(value).strip()
        return super().format_field(value, format_spec)


def particle(word: str, form: str) -> str:
    """The form of the particle `form` (을/를, 이/가, 은/는, 과/와) that follows `word`."""
    closed, open_ = _PARTICLES[form]
    return closed if _ends_in_consonant(word) else open_


def _ends_in_consonant(word: str) -> bool:
    """Whether `word`, read aloud in Korean, ends in a final consonant (받침).

    Hangul is exact. Digits are read as Sino-Korean numbers (일, 삼, 육...). For Latin
    letters, ids read as English words: a final l, m, n or ng (a silent e after them too:
    "title" 타이틀, "name" 네임) closes the syllable; other endings ("link" 링크) do not.
    """
    text = word.rstrip(" '\"`)]}>.,").casefold()
    if not text:
        return False
    last = text[-1]
    if "가" <= last <= "힣":
        return (ord(last) - ord("가")) % 28 != 0
    if last.isdigit():
        return last in "013678"
    if not last.isascii() or not last.isalpha():
        return False
    if last == "e" and len(text) > 2 and text[-2] in "lmn":
        return True
    return last in "lmn" or text.endswith("ng")

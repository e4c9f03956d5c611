"""Attachment checks: real (tiny) files are accepted, disguised ones refused."""

from __future__ import annotations

import io
import struct
import unicodedata
import zipfile

import pytest

from portal.publishing.files import (
    CheckedFile,
    UploadRejected,
    check_upload,
    safe_download_name,
)

PDF = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
       b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT_TYPE = "application/vnd.oasis.opendocument.text"
ODS_TYPE = "application/vnd.oasis.opendocument.spreadsheet"
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
EXCEL_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


def content_types(part: str, main: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/{part}" ContentType="{main}"/></Types>')


def make_zip(members: list[tuple[str, bytes | str]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            compress = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=compress)
    return buffer.getvalue()


def make_docx(main: str = WORD_MAIN, extra=()) -> bytes:
    return make_zip([
        ("[Content_Types].xml", content_types("word/document.xml", main)),
        ("_rels/.rels", "<Relationships/>"),
        ("word/document.xml", '<w:document xmlns:w="urn:w"><w:body><w:p><w:r>'
                              "<w:t>Report</w:t></w:r></w:p></w:body></w:document>"),
        *extra,
    ])


def make_xlsx() -> bytes:
    return make_zip([
        ("[Content_Types].xml", content_types("xl/workbook.xml", EXCEL_MAIN)),
        ("_rels/.rels", "<Relationships/>"),
        ("xl/workbook.xml", "<workbook><sheets/></workbook>"),
    ])


def make_odf(mimetype: str = ODT_TYPE, first: bool = True, extra=()) -> bytes:
    members = [("content.xml", "<office:document-content/>"),
               ("META-INF/manifest.xml", "<manifest:manifest/>"), *extra]
    entry = ("mimetype", mimetype)
    return make_zip([entry, *members] if first else [*members, entry])


def ole_entry(name: str) -> bytes:
    encoded = name.encode("utf-16-le") + b"\0\0"
    return encoded.ljust(64, b"\0") + struct.pack("<H", len(encoded)) + b"\0" * 62


def make_ole(*streams: str) -> bytes:
    """An OLE2 header plus a directory sector naming ``streams`` (enough for the check)."""
    header = bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 16 + struct.pack("<HH", 0x3E, 3)
    header = header.ljust(512, b"\0")
    directory = b"".join(ole_entry(n) for n in ("Root Entry", *streams)).ljust(512, b"\0")
    return header + directory + b"\0" * 512


def patch_declared_size(data: bytes, member: str, size: int) -> bytes:
    """Make the central directory claim ``member`` unpacks to ``size`` bytes."""
    at = data.index(b"PK\x01\x02")
    while True:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46:at + 46 + name_length] == member.encode():
            break
        at = data.index(b"PK\x01\x02", at + 4)
    return data[:at + 24] + struct.pack("<I", size) + data[at + 28:]


def rejected(filename: str, data: bytes, **kwargs) -> UploadRejected:
    with pytest.raises(UploadRejected) as caught:
        check_upload(filename, data, **kwargs)
    return caught.value


@pytest.mark.parametrize("filename, data, content_type", [
    ("report.pdf", PDF, "application/pdf"),
    ("Report.PDF", PDF, "application/pdf"),
    ("minutes.docx", make_docx(), DOCX_TYPE),
    ("budget.xlsx", make_xlsx(), XLSX_TYPE),
    ("notes.odt", make_odf(), ODT_TYPE),
    ("figures.ods", make_odf(ODS_TYPE), ODS_TYPE),
    ("old.doc", make_ole("WordDocument", "1Table"), "application/msword"),
    ("old.xls", make_ole("Workbook"), "application/vnd.ms-excel"),
    ("older.xls", make_ole("Book"), "application/vnd.ms-excel"),
    ("wards.csv", "વોર્ડ,મતદાન\nએજવેર,34\n".encode(), "text/csv"),
    ("bom.csv", "\ufeffWard,Turnout\r\nPinner,41\r\n".encode(), "text/csv"),
    ("pounds.csv", "Item,Cost\nHall,£5\n".encode("cp1252"), "text/csv"),
])
def test_real_files_are_accepted(filename, data, content_type):
    checked = check_upload(filename, data)
    assert checked == CheckedFile(filename, content_type, len(data))


def test_accepted_file_gets_the_safe_name():
    assert check_upload("C:\\Users\\officer\\..\\Report 2024.pdf", PDF).safe_name == \
        "Report 2024.pdf"


@pytest.mark.parametrize("filename, data, code", [
    ("report.pdf", b"", "empty"),
    ("report.pdf", PDF + b"\0" * (10 * 1024 * 1024), "too_large"),
    ("drawing.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "type"),
    ("page.html", b"<html><script>alert(1)</script></html>", "type"),
    ("app.js", b"alert(1)", "type"),
    ("setup.exe", b"MZ\x90\x00" + b"\0" * 60, "type"),
    ("report.pdf.exe", b"MZ\x90\x00" + b"\0" * 60, "type"),
    ("macro.docm", make_docx(DOCM_MAIN), "type"),
    ("README", PDF, "type"),
    ("   .", PDF, "type"),
    ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\0" * 120, "mismatch"),
    ("report.pdf", b"<!DOCTYPE html><html><body><script>alert(1)</script>", "mismatch"),
    ("report.pdf", b"<html>%PDF-1.4 polyglot", "mismatch"),
    ("report.docx", PDF, "mismatch"),
    ("report.docx", make_xlsx(), "mismatch"),
    ("budget.xlsx", make_docx(), "mismatch"),
    ("budget.xlsx", make_zip([("readme.txt", "hello"), ("xl/data.bin", "x")]), "mismatch"),
    ("budget.xlsx", b"PK\x03\x04 not really a zip", "mismatch"),
    ("report.docx", PDF + make_docx(), "mismatch"),
    ("report.docx", make_docx(DOCM_MAIN, [("word/vbaProject.bin", b"\xcc" * 64)]), "mismatch"),
    ("report.docx", make_docx(extra=[("word/vbaProject.bin", b"\xcc" * 64)]), "mismatch"),
    ("report.docx", make_docx(DOCM_MAIN), "mismatch"),
    ("notes.odt", make_odf(first=False), "mismatch"),
    ("notes.odt", make_odf(ODS_TYPE), "mismatch"),
    ("notes.odt", make_odf(extra=[("Basic/Standard/Module1.xml", "<script:module/>")]),
     "mismatch"),
    ("notes.odt", make_docx(), "mismatch"),
    ("old.doc", make_ole("Workbook"), "mismatch"),
    ("old.doc", make_ole("SummaryInformation"), "mismatch"),
    ("old.doc", make_ole("WordDocument", "Macros", "VBA", "_VBA_PROJECT"), "mismatch"),
    ("old.xls", make_ole("WordDocument"), "mismatch"),
    ("old.xls", PDF, "mismatch"),
    ("wards.csv", b"Ward,Turnout\nPinner,4\x001\n", "mismatch"),
    ("wards.csv", b"<html><script>alert(1)</script></html>", "mismatch"),
    ("wards.csv", b"  \n<svg onload=alert(1)>", "mismatch"),
    ("wards.csv", b"MZ\x90\x01\x02\x03binary", "mismatch"),
])
def test_bad_files_are_rejected(filename, data, code):
    assert rejected(filename, data).code == code


def test_size_limit_is_configurable_and_inclusive():
    assert check_upload("report.pdf", PDF, max_bytes=len(PDF)).size == len(PDF)
    assert rejected("report.pdf", PDF, max_bytes=len(PDF) - 1).code == "too_large"


def test_word_document_with_ole_text_mentioning_a_stream_is_not_fooled():
    # "WordDocument" in UTF-16 inside a stream, not as a directory entry.
    data = make_ole("SummaryInformation") + b"\x01" + "WordDocument".encode("utf-16-le")
    assert rejected("old.doc", data).code == "mismatch"


def test_zip_bomb_by_declared_size_is_rejected():
    data = make_docx(extra=[("word/media/big.bin", b"\0" * 1000)])
    bomb = patch_declared_size(data, "word/media/big.bin", 200 * 1024 * 1024)
    error = rejected("report.docx", bomb)
    assert error.code == "mismatch" and "bomb" in error.detail.lower()


def test_zip_with_too_many_members_is_rejected():
    data = make_docx(extra=[(f"word/x{i}.xml", "") for i in range(2001)])
    error = rejected("report.docx", data)
    assert error.code == "mismatch" and "members" in error.detail


def test_reasons_are_translatable_messages(app):
    with app.test_request_context():
        assert str(rejected("report.pdf", b"").reason) == "The file is empty"
        assert "10 MB" in str(rejected("r.pdf", b"%PDF-" + b"\0" * (10 * 1024 * 1024)).reason)
        assert str(rejected("x.svg", b"<svg/>").reason) == \
            "Only PDF, Word, Excel, OpenDocument and CSV files can be attached"
        assert str(rejected("report.docx", PDF).reason) == (
            "The file's contents do not match its name: it does not look like a Word file")


@pytest.mark.parametrize("filename, expected", [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("..\\..\\Windows\\report.pdf", "report.pdf"),
    ('a"b;c\r\n.pdf', "abc.pdf"),
    ("   .pdf", "attachment.pdf"),
    (".pdf", "attachment.pdf"),
    ("...", "attachment"),
    ("", "attachment"),
    ("અહેવાલ 2009.pdf", "અહેવાલ 2009.pdf"),
    ("تقرير الميزانية.xlsx", "تقرير الميزانية.xlsx"),
    ("  Annual   report\t2024 .docx", "Annual report 2024.docx"),
    ("invoice\u202eexe.pdf", "invoiceexe.pdf"),
    ("Leader's statement.pdf", "Leader's statement.pdf"),
    ("what?<now>|*:.pdf", "whatnow.pdf"),
])
def test_safe_download_name(filename, expected):
    assert safe_download_name(filename) == expected


def test_long_names_are_cut_keeping_the_extension():
    name = safe_download_name("x" * 300 + ".pdf")
    assert len(name) == 120 and name.endswith("x.pdf")


def test_long_gujarati_names_are_not_cut_between_a_letter_and_its_vowel_sign():
    original = " ".join(["અહેવાલ"] * 40)  # 279 characters; position 116 is the sign "ા"
    name = safe_download_name(original + ".pdf")
    stem = name.removesuffix(".pdf")
    assert len(name) <= 120 and original.startswith(stem)
    assert unicodedata.category(original[len(stem)])[0] != "M"

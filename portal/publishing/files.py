"""Check officers' attachments before the public can download them.

An attachment is accepted only if its *content* is the kind of file its
extension says, so the portal never serves an executable, a web page or a
macro-carrying document under a harmless-looking name. Each kind is checked
explicitly: PDF by its header; .docx/.xlsx and .odt/.ods as ZIP packages,
opened with ``zipfile`` and inspected (the ZIP magic alone says nothing about
what is inside, and a package with macros is refused); .doc/.xls as OLE2
compound files whose directory holds the Word or Excel stream; CSV as text.
puremagic cannot tell those apart (it calls every OLE2 file ``.doc`` and every
ZIP a possible ``.docx``), so it is used only to name what a rejected file
really looks like in the log ``detail``.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from io import BytesIO

import puremagic
from flask_babel import lazy_gettext as _l

MB = 1024 * 1024
MAX_MEMBERS = 2000  # more than any real document package
MAX_UNCOMPRESSED = 100 * MB  # declared total; beyond it, treat the ZIP as a bomb
MAX_NAME = 120

# extension: (content type, the kind named to the officer if the content is wrong)
TYPES = {
    "pdf": ("application/pdf", "PDF"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"),
    "doc": ("application/msword", "Word"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"),
    "xls": ("application/vnd.ms-excel", "Excel"),
    "odt": ("application/vnd.oasis.opendocument.text", "OpenDocument"),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", "OpenDocument"),
    "csv": ("text/csv", "CSV"),
}
OOXML_MAIN = {"docx": ("wordprocessingml.document.main+xml", "word/"),
              "xlsx": ("spreadsheetml.sheet.main+xml", "xl/")}
OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
OLE_STREAMS = {"doc": ("WordDocument",), "xls": ("Workbook", "Book")}
_JOINERS = {"\u200c", "\u200d"}  # needed to spell Gujarati, Arabic and Persian words


@dataclass(frozen=True)
class CheckedFile:
    safe_name: str
    content_type: str
    size: int


class UploadRejected(Exception):
    """Why an upload was refused.

    ``code`` (empty, too_large, type, mismatch) is for code and tests; ``reason``
    is a lazy translated message for the officer; ``detail`` is English, for logs.
    """

    def __init__(self, code: str, reason, detail: str = ""):
        super().__init__(code, detail)
        self.code, self.reason, self.detail = code, reason, detail


def _mismatch(ext: str, detail: str, data: bytes = b"") -> UploadRejected:
    if data:
        try:  # a hint for whoever reads the log, never a decision
            best = puremagic.magic_string(data[:8192])[0]
            detail += f"; puremagic's guess: {best.name} ({best.extension})"
        except (puremagic.PureError, ValueError, IndexError):
            pass
    reason = _l("The file's contents do not match its name: it does not look like a %(kind)s file",
                kind=TYPES[ext][1])
    return UploadRejected("mismatch", reason, detail)


def _split(name: str) -> tuple[str, str]:
    """(stem, extension) of a file name; the extension is "" unless short and alphanumeric."""
    stem, dot, ext = name.rpartition(".")
    return (stem, ext) if dot and re.fullmatch(r"[A-Za-z0-9]{1,10}", ext) else (name, "")


def check_upload(filename: str, data: bytes, max_bytes: int = 10 * MB) -> CheckedFile:
    """Accept ``data`` as an attachment called ``filename`` or raise UploadRejected."""
    if not data:
        raise UploadRejected("empty", _l("The file is empty"))
    if len(data) > max_bytes:
        raise UploadRejected("too_large", _l("The file is larger than %(size)s MB",
                                             size=f"{max_bytes / MB:g}"), f"{len(data)} bytes")
    # The extension is taken from the name the file will be served under, so
    # the checked type and the downloaded name cannot disagree.
    safe_name = safe_download_name(filename)
    ext = _split(safe_name)[1].lower()
    if ext not in TYPES:
        raise UploadRejected(
            "type", _l("Only PDF, Word, Excel, OpenDocument and CSV files can be attached"),
            f"extension {ext!r}")
    _CHECKS[ext](ext, data)
    return CheckedFile(safe_name, TYPES[ext][0], len(data))


def _check_pdf(ext: str, data: bytes) -> None:
    # Strictly at offset 0: readers accept junk before it, which is how polyglots work.
    if not data.startswith(b"%PDF-"):
        raise _mismatch(ext, "no %PDF- header", data)


def _open_zip(ext: str, data: bytes) -> zipfile.ZipFile:
    if not data.startswith(b"PK\x03\x04"):  # zipfile would find a ZIP appended to anything
        raise _mismatch(ext, "not a ZIP package", data)
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise _mismatch(ext, f"broken ZIP: {error}") from None
    if len(members) > MAX_MEMBERS:
        raise _mismatch(ext, f"ZIP bomb? {len(members)} members")
    if sum(m.file_size for m in members) > MAX_UNCOMPRESSED:
        raise _mismatch(ext, "ZIP bomb? declared uncompressed size over 100 MB")
    return archive


def _read_member(ext: str, archive: zipfile.ZipFile, name: str, limit: int = MB) -> bytes:
    """One member's bytes, reading at most ``limit`` whatever the header claims."""
    try:
        with archive.open(name) as member:
            return member.read(limit)
    except KeyError:
        raise _mismatch(ext, f"no {name} in the package") from None
    except Exception as error:  # BadZipFile, zlib.error, encrypted, unknown compression...
        raise _mismatch(ext, f"unreadable {name}: {error}") from None


def _check_ooxml(ext: str, data: bytes) -> None:
    archive = _open_zip(ext, data)
    names = archive.namelist()
    types = _read_member(ext, archive, "[Content_Types].xml")
    lowered = types.decode("utf-8", "replace").lower()
    if ("macroenabled" in lowered or "vbaproject" in lowered
            or any(n.lower().endswith("vbaproject.bin") for n in names)):
        raise _mismatch(ext, "macro-enabled package")
    main_type, folder = OOXML_MAIN[ext]
    if main_type not in lowered or not any(n.startswith(folder) for n in names):
        raise _mismatch(ext, f"no {folder} main part")


def _check_odf(ext: str, data: bytes) -> None:
    archive = _open_zip(ext, data)
    members = archive.infolist()
    if not members or members[0].filename != "mimetype":
        raise _mismatch(ext, "mimetype is not the first member")
    declared = _read_member(ext, archive, "mimetype", 200).decode("ascii", "replace").strip()
    if declared != TYPES[ext][0]:
        raise _mismatch(ext, f"mimetype is {declared[:80]!r}")
    if any(m.filename.startswith(("Basic/", "Scripts/")) for m in members):
        raise _mismatch(ext, "document contains macros")


def _has_ole_entry(data: bytes, name: str) -> bool:
    """Whether the OLE2 directory has an entry called ``name``.

    Directory entries are 128-byte records starting on 128-byte boundaries
    after the 512-byte header, with a UTF-16LE name and its byte length at +64;
    matching all of that avoids false hits on text inside the document.
    """
    encoded = name.encode("utf-16-le") + b"\0\0"
    for match in re.finditer(re.escape(encoded), data):
        at = match.start()
        length = int.from_bytes(data[at + 64:at + 66], "little")
        if at >= 512 and at % 128 == 0 and length == len(encoded):
            return True
    return False


def _check_ole(ext: str, data: bytes) -> None:
    if not data.startswith(OLE_MAGIC):
        raise _mismatch(ext, "not an OLE2 compound file", data)
    if not any(_has_ole_entry(data, stream) for stream in OLE_STREAMS[ext]):
        raise _mismatch(ext, f"no {' or '.join(OLE_STREAMS[ext])} stream")
    if _has_ole_entry(data, "_VBA_PROJECT") or _has_ole_entry(data, "_VBA_PROJECT_CUR"):
        raise _mismatch(ext, "document contains macros")


def _check_csv(ext: str, data: bytes) -> None:
    if b"\0" in data:
        raise _mismatch(ext, "NUL bytes", data)
    for encoding in ("utf-8-sig", "cp1252"):  # Excel on Windows still saves cp1252
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _mismatch(ext, "neither UTF-8 nor Windows-1252")
    if re.search(r"[\x01-\x08\x0b\x0e-\x1f\x7f]", text):
        raise _mismatch(ext, "control characters", data)
    if text.lstrip().startswith("<"):  # HTML, SVG, XML: markup, not a table
        raise _mismatch(ext, "starts with markup", data)


_CHECKS = {"pdf": _check_pdf, "docx": _check_ooxml, "xlsx": _check_ooxml, "odt": _check_odf,
           "ods": _check_odf, "doc": _check_ole, "xls": _check_ole, "csv": _check_csv}


def safe_download_name(filename: str) -> str:
    """A name safe to offer in Content-Disposition and to save on any OS.

    Keeps the base name and its extension and any script (Gujarati, Arabic...);
    drops directories, control and bidi-override characters (which can make
    ``fdp.exe`` display as ``exe.pdf``), double quotes, ``;`` and characters
    Windows forbids. Apostrophes stay ("Leader's report.pdf"): Werkzeug
    percent-encodes them in the header. (Browsers rename CON, NUL... themselves.)
    Flask's ``send_file(download_name=...)`` adds the RFC 5987 encoding.
    """
    name = unicodedata.normalize("NFC", filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    kept = []
    for char in name:
        category = unicodedata.category(char)
        if category == "Cc":
            kept.append(" ")
        elif char in _JOINERS or not (category in ("Cf", "Cs", "Co") or char in '"`<>:;*?|'):
            kept.append(char)  # Cf holds the bidi overrides and zero-width characters
    name = re.sub(r"\s+", " ", "".join(kept)).strip()
    stem, ext = _split(name)
    stem = stem.strip(" .")
    limit = MAX_NAME - (len(ext) + 1 if ext else 0)
    if len(stem) > limit:
        cut = limit
        while cut > 0 and unicodedata.category(stem[cut])[0] == "M":
            cut -= 1  # don't cut a letter from its vowel sign or accent
        stem = stem[:cut].rstrip(" .")
    stem = stem or "attachment"
    return f"{stem}.{ext}" if ext else stem


def download(data, filename: str, content_type: str, *, private: bool = False):
    """Send a checked file as a download that browsers never render or sniff.

    ``data`` is the bytes or a binary file to stream (closed once sent, e.g. one
    opened from storage); ``private`` keeps it out of every shared cache
    (confidential files).
    """
    from flask import send_file

    source = BytesIO(data) if isinstance(data, bytes | bytearray | memoryview) else data
    response = send_file(source, mimetype=content_type, as_attachment=True,
                         download_name=filename, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    if private:
        response.headers["Cache-Control"] = "private, no-store"
    return response

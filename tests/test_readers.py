"""Readers turn paths into raw items without parsing or dropping anything."""

import gzip
import io
import os

from archive.ingest.readers import read_inputs
from archive.lib.vocabulary import DocumentFormat

HTML, JSON, TEXT = DocumentFormat.HTML, DocumentFormat.JSON, DocumentFormat.TEXT
UNKNOWN = DocumentFormat.UNKNOWN


def test_folder_is_walked_recursively_in_order_and_hidden_files_skipped(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text("Two")
    (tmp_path / "a.txt").write_text("One")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    items = list(read_inputs([str(tmp_path)]))
    assert [item.origin for item in items] == [str(tmp_path / "a.txt"), str(tmp_path / "b/two.txt")]
    assert [item.data for item in items] == [b"One", b"Two"]
    assert {item.format for item in items} == {TEXT}


def test_json_lines_give_one_item_per_record_numbered_from_one(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b'{"title": "A"}\n\n{"title": "B"}\r\nnot json\n')
    items = list(read_inputs([str(path)]))
    assert [item.origin for item in items] == [f"{path}#1", f"{path}#2", f"{path}#3"]
    assert [item.data for item in items] == [b'{"title": "A"}', b'{"title": "B"}', b"not json"]
    assert all(item.format == JSON and not item.error for item in items)


def test_gzipped_json_lines_are_read_through(tmp_path):
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"title": "A"}\n{"title": "B"}\n'))
    items = list(read_inputs([str(path)]))
    assert [item.data for item in items] == [b'{"title": "A"}', b'{"title": "B"}']


def test_a_json_array_gives_its_elements_as_they_were_written(tmp_path):
    path = tmp_path / "feed.json"
    path.write_text('[{"title": "A",  "body": "x"} ,\n {"title": "B"}]')
    items = list(read_inputs([str(path)]))
    assert [item.data for item in items] == [b'{"title": "A",  "body": "x"}', b'{"title": "B"}']


def test_a_pretty_printed_json_object_is_one_record(tmp_path):
    path = tmp_path / "one.json"
    path.write_text('{\n  "title": "A",\n  "body": "x"\n}\n')
    [item] = read_inputs([str(path)])
    assert item.origin == str(path) and item.format == JSON


def test_broken_gzip_and_missing_files_become_items_with_errors(tmp_path):
    broken = tmp_path / "broken.jsonl.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00garbage")
    items = list(read_inputs([str(broken), str(tmp_path / "missing.txt")]))
    assert "cannot read" in items[0].error and items[0].data == b"\x1f\x8b\x08\x00garbage"
    assert "cannot read" in items[1].error and items[1].format == UNKNOWN


def test_a_json_lines_file_cut_short_keeps_what_came_before(tmp_path):
    path = tmp_path / "cut.jsonl.gz"
    records = b"".join(b'{"title": "%s"}\n' % os.urandom(30).hex().encode() for _ in range(5000))
    path.write_bytes(gzip.compress(records)[:-3000])
    items = list(read_inputs([str(path)]))
    assert items[0].data == records.split(b"\n")[0] and not items[0].error
    assert len(items) > 100
    assert items[-1].error.startswith("cannot read past record")


def test_standard_input_is_sniffed():
    [text] = read_inputs(["-"], stdin=io.BytesIO(b"Title\n\nBody."))
    assert text.origin == "-" and text.format == TEXT
    records = list(read_inputs(["-"], stdin=io.BytesIO(b'{"title": "A"}\n{"title": "B"}\n')))
    assert [r.origin for r in records] == ["-#1", "-#2"]
    [page] = read_inputs(["-"], stdin=io.BytesIO(b"<!DOCTYPE html><html><body>x</body></html>"))
    assert page.format == HTML

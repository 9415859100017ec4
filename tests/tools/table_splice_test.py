"""tools/sweep_results.splice_table, the table splice of tools/analog_vs_digital.py,
tools/baselines_table.py and tools/sparsity_table.py: the text between the two markers is
replaced and nothing else, the file is replaced whole (no .partial left), and a document without
exactly two markers is refused with its path and left as it was."""
import os
import shutil
import tempfile
import unittest

import tools_test_support as ts  # first: puts tools/ on sys.path
import sweep_results

MARK = "<!-- t -->"


class TableSplice(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="table_splice_test.")
        self.doc = os.path.join(self.dir, "doc.md")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def write(self, text):
        with open(self.doc, "w", encoding="utf-8") as f:
            f.write(text)

    def read(self):
        with open(self.doc, encoding="utf-8") as f:
            return f.read()

    def test_replaces_only_what_lies_between_the_markers(self):
        self.write("# Title\n\n" + MARK + "\n| old |\n| --- |\n" + MARK + "\n\nAfter: µs.\n")
        sweep_results.splice_table(self.doc, MARK, "| new |\n| --- |\n| 1 |")
        self.assertEqual(self.read(), "# Title\n\n" + MARK + "\n| new |\n| --- |\n| 1 |\n" + MARK +
                         "\n\nAfter: µs.\n")
        self.assertEqual(os.listdir(self.dir), ["doc.md"])  # no doc.partial.md left
        # Splicing the same table again changes nothing.
        before = self.read()
        sweep_results.splice_table(self.doc, MARK, "| new |\n| --- |\n| 1 |")
        self.assertEqual(self.read(), before)

    def test_a_document_without_two_markers_is_refused_and_left_unchanged(self):
        for text, found in [("no markers\n", 0), (MARK + "\nonly one\n", 1),
                            (MARK + MARK + MARK, 3)]:
            self.write(text)
            with self.assertRaises(ValueError) as e:
                sweep_results.splice_table(self.doc, MARK, "| x |")
            self.assertEqual(str(e.exception), f"{self.doc}: expected two {MARK} markers around "
                             f"the table, found {found}")
            self.assertEqual(self.read(), text)
            self.assertEqual(os.listdir(self.dir), ["doc.md"])

    def test_a_failed_write_keeps_the_old_document_and_no_partial_file(self):
        self.write(MARK + "\nold\n" + MARK + "\n")
        real = sweep_results.os.replace

        def fail(src, dst):
            raise OSError("disk full")

        sweep_results.os.replace = fail
        try:
            with self.assertRaises(OSError):
                sweep_results.splice_table(self.doc, MARK, "new")
        finally:
            sweep_results.os.replace = real
        self.assertEqual(self.read(), MARK + "\nold\n" + MARK + "\n")
        self.assertEqual(os.listdir(self.dir), ["doc.md"])


if __name__ == "__main__":
    unittest.main()

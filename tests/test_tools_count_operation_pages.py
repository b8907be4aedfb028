"""tools/count_operation_pages.py: method lines found in raw RST, with their section."""

from __future__ import annotations

import sys

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "tools"))

from count_operation_pages import MethodLine, method_lines  # noqa: E402

PAGE = """\
Creating a Gizmo
================

URI
---

POST /v2/{project_id}/gizmos

-  Method: GET

Example Request
---------------

.. code-block:: text

   PUT https://{endpoint}/v2/0123/gizmos
   GET /?acl HTTP/1.1

The GET method reads; GETTING /x is no method line.
"""


def test_method_lines_with_their_sections():
    assert method_lines(PAGE) == [
        MethodLine(7, "URI"),
        MethodLine(9, "URI"),
        MethodLine(16, "Example Request"),
        MethodLine(17, "Example Request"),
    ]


def test_a_page_without_method_lines():
    assert method_lines("Title\n=====\n\nUse GET to read.\n") == []

"""The pytest plugin, run in a pytest of its own (pytester): off unless configured, a passing
and a failing contract test, the failure message, ignored codes, collect mode, and real
`requests` and `httpx` clients against a local server."""

from __future__ import annotations

import shutil
import textwrap

import pytest

from tests.conftest import CORPUS, FIXTURES, require_module, require_shared

pytest_plugins = ["pytester"]

TREE = FIXTURES / "docs" / "tree"
WIDGETS = "/v2/projects/p1/widgets"
BAD_BODY = '{"error_code": "WGT.0400", "error_msg": 7}'
GOOD_BODY = '{"error_code": "WGT.0400", "error_msg": "Invalid limit."}'


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    """A project with the widgets documentation and an ini file naming it."""
    shutil.copytree(TREE, pytester.path / "docs")
    pytester.makeini("[pytest]\nenvelint_docs = docs\n")
    return pytester


def contract_test(pytester: pytest.Pytester, body: str, *extra: str) -> None:
    arguments = ", ".join(["'GET'", f"'{WIDGETS}'", "400", repr(body), *extra])
    pytester.makepyfile(
        test_contract=f"""
        def test_listing_refused(envelint_check):
            envelint_check({arguments})
        """
    )


def test_without_configuration_the_plugin_adds_nothing(pytester: pytest.Pytester):
    """Loaded (the entry point), but it imports and builds nothing and prints nothing."""
    pytester.makepyfile(
        test_plain="""
        import sys

        def test_plain():
            assert "envelint.api" not in sys.modules
        """
    )
    result = pytester.runpytest_subprocess()
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["plugins: *envelint-*"])
    after_header = result.stdout.str().split("collected 1 item", 1)[1]
    assert "envelint" not in after_header


def test_without_configuration_the_fixture_says_how_to_configure(pytester: pytest.Pytester):
    contract_test(pytester, GOOD_BODY)
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*envelint is not configured: set envelint_docs*"])


def test_a_response_that_matches_the_documentation_passes(project: pytest.Pytester):
    contract_test(project, GOOD_BODY)
    project.runpytest().assert_outcomes(passed=1)


def test_a_response_that_contradicts_the_documentation_fails(project: pytest.Pytester):
    contract_test(project, BAD_BODY)
    result = project.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            f"*the response to GET {WIDGETS} (status 400) does not match the documentation: "
            "1 finding",
            "*S001 error at /error_msg: `error_msg` (/error_msg) is an integer (7) where the "
            "documentation says String",
            "*documented at docs/apis/listing_widgets.rst:91 (Table 6 Response body parameters),"
            ' page "Listing Widgets" (ListWidgets.html)',
            "*checked against GET /v2/projects/{project_id}/widgets "
            "(apis/listing_widgets.status-400)",
        ]
    )


def test_an_undocumented_status_fails_at_the_default_severity(project: pytest.Pytester):
    project.makepyfile(
        test_contract=f"""
        def test_not_found(envelint_check):
            envelint_check("GET", "{WIDGETS}", 404, {GOOD_BODY!r})
        """
    )
    result = project.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*E007 warning at (the body): status 404 of GET*"])


def test_codes_ignored_in_the_call_do_not_fail(project: pytest.Pytester):
    contract_test(project, BAD_BODY, "ignore=['S001']")
    project.runpytest().assert_outcomes(passed=1)


def test_codes_ignored_in_the_ini_file_do_not_fail(pytester: pytest.Pytester):
    shutil.copytree(TREE, pytester.path / "docs")
    pytester.makeini("[pytest]\nenvelint_docs = docs\nenvelint_ignore = S0\n")
    contract_test(pytester, BAD_BODY)
    pytester.runpytest().assert_outcomes(passed=1)


def test_collect_mode_reports_at_the_end_and_fails_the_session(pytester: pytest.Pytester):
    shutil.copytree(TREE, pytester.path / "docs")
    pytester.makeini("[pytest]\nenvelint_docs = docs\nenvelint_collect = true\n")
    contract_test(pytester, BAD_BODY)
    result = pytester.runpytest()
    result.assert_outcomes(passed=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        [
            "*envelint: responses that do not match the documentation*",
            "test_contract.py::test_listing_refused:",
            "  S001 error at /error_msg: *",
        ]
    )


def test_the_contract_is_built_once_per_session(project: pytest.Pytester):
    project.makeconftest(
        """
        from envelint import api

        BUILT = []
        real = api.Contract.from_docs.__func__

        def counted(cls, *args, **kwargs):
            BUILT.append(args)
            return real(cls, *args, **kwargs)

        api.Contract.from_docs = classmethod(counted)
        """
    )
    tests = "\n".join(
        f"def test_{n}(envelint_check):\n"
        f"    envelint_check('GET', '{WIDGETS}', 400, {GOOD_BODY!r})\n"
        for n in range(3)
    )
    project.makepyfile(
        test_contract=tests + "\ndef test_built_once():\n    import conftest\n"
        "    assert len(conftest.BUILT) == 1\n"
    )
    result = project.runpytest_subprocess()
    result.assert_outcomes(passed=4)


def test_a_conftest_fixture_configures_the_contract(pytester: pytest.Pytester):
    pytester.makeconftest(
        f"""
        import pytest
        from envelint import Contract

        @pytest.fixture(scope="session")
        def envelint_contract():
            return Contract.from_docs({str(TREE)!r})
        """
    )
    contract_test(pytester, BAD_BODY)
    pytester.runpytest().assert_outcomes(failed=1)


SERVER = textwrap.dedent(
    """
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    import pytest

    BODIES = {"/v2/projects/p1/widgets": (400, b%(good)r),
              "/v2/projects/p2/widgets": (400, b%(bad)r)}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            status, body = BODIES[self.path.split("?")[0]]
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    @pytest.fixture(scope="session")
    def server():
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
        httpd.shutdown()
    """
)


@pytest.mark.parametrize("client", ["requests", "httpx"])
def test_real_client_responses_against_a_local_server(project: pytest.Pytester, client: str):
    require_module(client, "test")
    project.makeconftest(SERVER % {"good": GOOD_BODY, "bad": BAD_BODY})
    project.makepyfile(
        test_contract=f"""
        import {client}

        def test_documented(server, envelint_check):
            envelint_check({client}.get(server + "/v2/projects/p1/widgets?limit=x"))

        def test_contradicted(server, envelint_check):
            envelint_check({client}.get(server + "/v2/projects/p2/widgets"))
        """
    )
    result = project.runpytest_subprocess()
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*S001 error at /error_msg:*", "*documented at *:91 *"])


def test_an_unknown_severity_is_a_usage_error(pytester: pytest.Pytester):
    pytester.makeini("[pytest]\nenvelint_fail_on = fatal\n")
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*envelint_fail_on = fatal: expected error, warning or info"])


def test_a_missing_documentation_folder_is_a_usage_error(pytester: pytest.Pytester):
    pytester.makeini("[pytest]\nenvelint_docs = no-such-docs\n")
    contract_test(pytester, GOOD_BODY)
    result = pytester.runpytest()
    assert result.ret != pytest.ExitCode.OK
    result.stdout.fnmatch_lines(["*envelint: no such documentation path: *no-such-docs*"])


ECS_SERVER = textwrap.dedent(
    """
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    import pytest

    JOB_ID = %(job_id)r

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            body = ('{"job_id": %%s}' %% JOB_ID).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    @pytest.fixture(scope="session")
    def ecs():
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
        httpd.shutdown()
    """
)
ECS_TEST = """
import requests

def test_deleting_servers(ecs, envelint_check):
    body = {"servers": [{"id": "616fb98f-46ca-475e-917e-2563e5a8cd19"}]}
    response = requests.post(ecs + "/v1/0123456789abcdef0123456789abcdef/cloudservers/delete",
                             json=body)
    envelint_check(response)
"""


@pytest.mark.slow
@pytest.mark.parametrize(
    ("job_id", "outcome"), [('"70a599e0-31e7-49b7-b260-868f441e862b"', "passed"), ("12", "failed")]
)
def test_a_new_users_walk_against_a_real_reference(pytester, job_id, outcome):
    """The issue's walk: a short test file, a local server, a real reference's documentation."""
    require_module("requests", "test")
    docs = require_shared(CORPUS / "elastic-cloud-server" / "api-ref" / "source")
    pytester.makeini(f"[pytest]\nenvelint_docs = {docs}\n")
    pytester.makeconftest(ECS_SERVER % {"job_id": job_id})
    pytester.makepyfile(test_ecs=ECS_TEST)
    result = pytester.runpytest_subprocess()
    result.assert_outcomes(**{outcome: 1})
    if outcome == "failed":
        result.stdout.fnmatch_lines(
            [
                "*S001 error at /job_id: `job_id` (/job_id) is an integer (12) where the "
                "documentation says String",
                "*documented at */deleting_ecss.rst:136 (Table 4 Response parameters), "
                'page "Deleting ECSs"*',
            ]
        )


@pytest.mark.slow  # a pytest in a subprocess, a few seconds
def test_watched_clients_have_every_response_checked_and_reported_at_the_end(
    project: pytest.Pytester,
):
    require_module("httpx", "test")
    project.makeini("[pytest]\nenvelint_docs = docs\nenvelint_watch = requests httpx\n")
    project.makeconftest(SERVER % {"good": GOOD_BODY, "bad": BAD_BODY})
    project.makepyfile(
        test_contract="""
        import asyncio

        import httpx
        import requests

        def test_requests(server):
            assert requests.get(server + "/v2/projects/p2/widgets").status_code == 400

        def test_httpx(server):
            with httpx.Client() as client:
                client.get(server + "/v2/projects/p1/widgets?limit=x")

        def test_httpx_async(server):
            async def fetch():
                async with httpx.AsyncClient() as client:
                    await client.get(server + "/v2/projects/p2/widgets")
            asyncio.run(fetch())
        """
    )
    result = project.runpytest_subprocess()
    result.assert_outcomes(passed=3)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        [
            "envelint: 3 watched responses checked",
            "*envelint: responses that do not match the documentation*",
            "test_contract.py::test_requests:",
            "  S001 error at /error_msg: *",
            "test_contract.py::test_httpx_async:",
            "  S001 error at /error_msg: *",
        ]
    )
    assert "test_contract.py::test_httpx:" not in result.stdout.str()


FLASK_APP = textwrap.dedent(
    """
    import flask

    app = flask.Flask("widgets")

    @app.get("/v2/projects/<project>/widgets")
    def listing(project):
        body = {"error_code": "WGT.0400", "error_msg": 7 if project == "p2" else "Bad limit."}
        return flask.jsonify(body), 400
    """
)


@pytest.mark.slow  # a pytest in a subprocess, a few seconds
def test_a_flask_test_client_response_is_checked(project: pytest.Pytester):
    require_module("flask", "test")
    project.makepyfile(widgets_app=FLASK_APP)
    project.makepyfile(
        test_contract="""
        from widgets_app import app

        def test_documented(envelint_check):
            envelint_check(app.test_client().get("/v2/projects/p1/widgets?limit=x"))

        def test_contradicted(envelint_check):
            envelint_check(app.test_client().get("/v2/projects/p2/widgets"))
        """
    )
    result = project.runpytest_subprocess()
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*S001 error at /error_msg:*", "*documented at *:91 *"])


@pytest.mark.slow  # a pytest in a subprocess, a few seconds
def test_a_watched_flask_test_client_is_checked_without_a_call(project: pytest.Pytester):
    require_module("flask", "test")
    project.makeini("[pytest]\nenvelint_docs = docs\nenvelint_watch = flask\n")
    project.makepyfile(widgets_app=FLASK_APP)
    project.makepyfile(
        test_contract="""
        from widgets_app import app

        def test_listing():
            assert app.test_client().get("/v2/projects/p2/widgets").status_code == 400
        """
    )
    result = project.runpytest_subprocess()
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        ["envelint: 1 watched response checked", "test_contract.py::test_listing:", "  S001 *"]
    )


DJANGO_CONFTEST = textwrap.dedent(
    """
    import django
    from django.conf import settings
    from django.http import JsonResponse
    from django.urls import path

    def listing(request, project):
        body = {"error_code": "WGT.0400", "error_msg": 7 if project == "p2" else "Bad limit."}
        return JsonResponse(body, status=400)

    urlpatterns = [path("v2/projects/<project>/widgets", listing)]
    settings.configure(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["testserver"], DEBUG=False)
    django.setup()
    """
)


@pytest.mark.slow  # a pytest in a subprocess, a few seconds
def test_a_django_test_client_response_is_checked(project: pytest.Pytester):
    require_module("django", "test")
    project.makeini("[pytest]\nenvelint_docs = docs\nenvelint_watch = django\n")
    project.makeconftest(DJANGO_CONFTEST)
    project.makepyfile(
        test_contract="""
        from django.test import Client

        def test_documented(envelint_check):
            envelint_check(Client().get("/v2/projects/p1/widgets", {"limit": "x"}))

        def test_contradicted(envelint_check):
            envelint_check(Client().get("/v2/projects/p2/widgets"))
        """
    )
    result = project.runpytest_subprocess()
    result.assert_outcomes(passed=2)  # watched: collected for the end, not failed at once
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        ["envelint: 2 watched responses checked", "test_contract.py::test_contradicted:"]
    )
    assert result.stdout.str().count("S001 error at /error_msg") == 1  # checked twice, told once


def test_an_unknown_watched_client_is_a_usage_error(pytester: pytest.Pytester):
    pytester.makeini("[pytest]\nenvelint_watch = urllib3000\n")
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*envelint_watch = urllib3000: expected some of requests*"])

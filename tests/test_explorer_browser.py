"""The explorer in the real thing: JupyterLab started from the project's environment, the
notebook opened in headless Chromium, every cell run, the appeal what-if's before/after
text and the other reps' grade changes read, a slider moved, the redrawn figures read,
the plan saved and the saved scenario checked by `salesperf validate`.

JupyterLab runs on a free localhost port with a token, on temporary copies of the notebook
and the scenarios, with its own config, data and runtime folders; every request that does
not go to that server is blocked and recorded. The server (and its kernel) is stopped in
every case. A screenshot is kept in the test's folder (and copied to
$SALESPERF_SCREENSHOTS when set).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("SALESPERF_CHROMIUM", "/usr/bin/chromium")
BIN = Path(sys.executable).parent
STEP_TIMEOUT_MS = 120_000
#: The explorer's appeal cell, and the appeal the browser test asks of it: a rep's booked
#: new revenue in the last quarter raised to 5 M moves two colleagues' grades (their
#: KPIs read the team's revenue), so the cell shows its before/after text and a table.
APPEAL_CELL = "appeal-what-if"
APPEAL = {
    "appeal_rep": "R00001",
    "appeal_measure": "revenue_booked_new",
    "appeal_value": 5_000_000,
    "appeal_period": None,
}
#: The text of the appeal cell's outputs once its "Pay over the data" table is shown, or
#: "" while it runs; and the rows of its first table (other reps whose grade changes).
APPEAL_TEXT = f"""() => {{
  const panel = window.jupyterapp.shell.currentWidget;
  const cell = panel.content.widgets.find(c => c.model.id === "{APPEAL_CELL}");
  const text = cell ? cell.node.querySelector(".jp-OutputArea").textContent : "";
  return text.includes("Pay over the data, before and after") ? text : "";
}}"""
APPEAL_ROWS = f"""() => {{
  const panel = window.jupyterapp.shell.currentWidget;
  const cell = panel.content.widgets.find(c => c.model.id === "{APPEAL_CELL}");
  const table = cell.node.querySelector(".jp-OutputArea table");
  return Array.from(table.querySelectorAll("tbody tr"),
    row => Array.from(row.querySelectorAll("td"), td => td.textContent.trim()));
}}"""

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: The open notebook's kernel is started and idle, and its cells are on the page.
KERNEL_IDLE = """() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const session = panel && panel.sessionContext && panel.sessionContext.session;
  const kernel = session && session.kernel;
  return Boolean(kernel && kernel.status === "idle" && panel.content.widgets.length > 0);
}"""


#: A KPI weight's control of new-business reps and one of equity-sales reps, by CSS class.
NEW_BUSINESS_WEIGHT = ".sp-scoring-weights-new-business-new-customer-revenue"
EQUITY_SALES_WEIGHT = ".sp-scoring-weights-equity-sales-stage-prospecting"


def _chromium_or_skip() -> None:
    """Skip without Chromium on a developer machine; in CI (CI=true) a missing browser fails."""
    if Path(CHROMIUM).exists():
        return
    message = f"Chromium not found at {CHROMIUM}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message}; CI must install it (apt-get install chromium)")
    pytest.skip(f"{message} and CI is not 'true': browser checks skipped on this machine")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _notebook_copy(work: Path, scenario_path: Path) -> Path:
    """The explorer notebook with its parameters pointed at the copied scenarios, small."""
    notebook = json.loads((ROOT / "notebooks" / "explore.ipynb").read_text())
    parameters = next(c for c in notebook["cells"] if "parameters" in c["metadata"].get("tags", []))
    parameters["source"] = (
        f"scenario_path = {str(scenario_path)!r}\nsimulations = 2\nreps = 60\n"
        "periods = None\nseed = None\n"
    )
    appeal = next(c for c in notebook["cells"] if c.get("id") == APPEAL_CELL)
    source = "".join(appeal["source"])
    for name, value in APPEAL.items():  # the cell's own None defaults, set to a known case
        line = next(x for x in source.splitlines() if x.startswith(f"{name} = None"))
        source = source.replace(line, f"{name} = {value!r}")
    appeal["source"] = source
    path = work / "explore.ipynb"
    path.write_text(json.dumps(notebook))
    return path


def _appeal_answer(scenario_path: Path):
    """What the API answers for the appeal the notebook copy asks (same sales force: the
    scenario's seed, 60 reps, 2 simulations)."""
    from salesperf_model import explore

    app = explore.ExplorerApp(str(scenario_path), simulations=2, reps=60)
    return explore.appeal(
        app.explorer.outcomes,
        app.working,
        rep_id=APPEAL["appeal_rep"],
        measure=APPEAL["appeal_measure"],
        value=APPEAL["appeal_value"],
        period=APPEAL["appeal_period"],
    )


def _start_lab(work: Path, port: int, token: str) -> subprocess.Popen:
    home = work.parent / "jupyter-home"
    env = {
        **os.environ,
        "JUPYTER_PREFER_ENV_PATH": "1",
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "IPYTHONDIR": str(home / "ipython"),
        "MPLCONFIGDIR": str(home / "mpl"),
    }
    command = [
        str(BIN / "jupyter"),
        "lab",
        "--ServerApp.open_browser=False",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={work}",
        f"--LabApp.workspaces_dir={home / 'workspaces'}",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.expose_app_in_browser=True",
        "--LabApp.extension_manager=readonly",
        "--ServerApp.terminals_enabled=False",
        "--ServerApp.allow_root=True",  # containers and CI runners often run as root
    ]
    log = (work.parent / "jupyter.log").open("w")
    return subprocess.Popen(
        command, cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def _wait_for_server(server: subprocess.Popen, url: str, deadline_s: float = 90) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with code {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"JupyterLab did not answer {url} within {deadline_s:.0f} s")


def _open_tab(page, title: str, shows: str, retried: list[str], console: list[str]) -> bool | None:
    """Click the explorer's tab ``title`` until the control ``shows`` is on the page.

    The Bonuses panel used to stay blank on fresh clones (2 runs in 11 here with an empty
    compile cache): the explorer sent about 2,300 widget messages in one burst, ZeroMQ
    dropped those past its high-water marks while the server read slowly, and the browser
    logged updates for models it was never told of. The explorer then sent about 830, and
    since 3 December about 130 at start and at most about 250 for a tab opened (its rows
    are made then: tests/test_explorer_widgets.py); not seen to fail in 12 runs since. The
    retries stay as a guard and are reported as warnings with the panel's HTML size and
    the browser's last console errors: a retry in a run means the cause is back.
    If the control is not shown in 20 s the test clicks the first tab and this one again
    and waits 30 s more. Returns True when the control is shown, False when it is only on
    the page (the test clicks it by event), None when it never reached the page (the
    caller draws the explorer again).
    """
    tab = page.locator(".widget-tab .lm-TabBar-tab", has_text=title)
    tab.click()
    try:
        page.locator(shows).wait_for(state="visible", timeout=20_000)
        return True
    except Exception:  # playwright's TimeoutError: retried once below
        retried.append(f"tab {title!r} blank after 20 s ({_panel_state(page, console)})")
    page.locator(".widget-tab .lm-TabBar-tab").first.click()
    tab.click()
    try:
        page.locator(shows).wait_for(state="visible", timeout=30_000)
        return True
    except Exception:  # playwright's TimeoutError: attached is the least required below
        pass
    try:
        page.locator(shows).wait_for(state="attached", timeout=10_000)
    except Exception:  # playwright's TimeoutError: not on the page at all
        retried.append(f"tab {title!r}: {shows} never on the page ({_panel_state(page, console)})")
        return None
    retried.append(f"tab {title!r}: {shows} on the page but not shown; clicked by event")
    return False


def _panel_state(page, console: list[str]) -> str:
    """What the page showed of the explorer's tab panel, and its last console errors."""
    panel = page.evaluate(
        "() => (document.querySelector('.widget-tab .widget-tab-contents') || {}).innerHTML?.length"
    )
    return f"panel HTML {panel} characters; console errors: {console[-5:] or 'none'}"


def _add_a_bonus(page, after: str, retried: list[str], console: list[str]) -> str | None:
    """Open the Bonuses tab (the explorer's cell run again if it is never drawn), add the
    bonus type picked by name, and open the tab until the new bonus's control is on the
    page. The figures' text before the bonus was added; None when the rebuilt panel never
    drew the new control (ipywidgets' 'widget model not found', once on a fresh clone)."""
    shown = _open_tab(page, "Bonuses", "button.sp-add-bonus", retried, console)
    if shown is None:  # never drawn: the cell is run again (see _open_tab)
        after = _draw_explorer_again(page)
        retried.append("the explorer's cell was run again")
        shown = _open_tab(page, "Bonuses", "button.sp-add-bonus", retried, console)
        assert shown is not None, retried
    if shown:
        page.locator("button.sp-add-bonus").click()
    else:
        page.locator("button.sp-add-bonus").dispatch_event("click")
    page.wait_for_function(
        "() => (document.querySelector('.sp-message') || {}).innerText"
        "?.includes('Added the over_achievement bonus new_bonus')"
    )
    # the rebuilt panel can stay blank as the first drawing did (_open_tab)
    added = ".sp-pay-bonuses-new-bonus-rate"
    return after if _open_tab(page, "Bonuses", added, retried, console) is not None else None


def _draw_explorer_again(page) -> str:
    """Run the explorer's cell again, as an analyst would with a blank panel; the new
    figures' text once drawn."""
    index = page.evaluate(
        """() => {
            const app = window.jupyterapp;
            const notebook = app.shell.currentWidget.content;
            const index = notebook.widgets.findIndex(
                (cell) => cell.node.querySelector('.widget-tab') !== null
            );
            notebook.activeCellIndex = index;
            app.commands.execute('notebook:run-cell');
            return index;
        }"""
    )
    assert index >= 0, "the explorer's cell is not in the notebook"
    page.wait_for_function(
        "() => (document.querySelector('.sp-figures') || {}).innerText"
        "?.includes('(0.0% vs baseline')"
    )
    return page.locator(".sp-figures").inner_text()


def _stop(server: subprocess.Popen) -> None:
    """SIGTERM to the server's own process group (server and kernel), then SIGKILL."""
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


def test_explorer_in_jupyterlab_moves_a_slider_and_saves_a_valid_scenario(tmp_path):
    _chromium_or_skip()
    sync_api = pytest.importorskip("playwright.sync_api")
    scenarios = tmp_path / "scenarios"
    shutil.copytree(ROOT / "scenarios", scenarios)
    work = tmp_path / "work"
    work.mkdir()
    _notebook_copy(work, scenarios / "baseline.yaml")
    answer = _appeal_answer(scenarios / "baseline.yaml")
    assert not answer.others.empty, "the appeal no longer moves anyone: pick another case"
    port, token = _free_port(), secrets.token_hex(16)
    base = f"http://127.0.0.1:{port}"
    server = _start_lab(work, port, token)
    outside, errors, retried, console = [], [], [], []
    screenshot = tmp_path / "explorer.png"
    try:
        _wait_for_server(server, f"{base}/api/status?token={token}")
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            page = browser.new_page(viewport={"width": 1400, "height": 1600})
            page.set_default_timeout(STEP_TIMEOUT_MS)
            try:

                def route(route):
                    url = route.request.url
                    if url.startswith((base, "data:", "blob:")):
                        route.continue_()
                    else:
                        outside.append(url)
                        route.abort()

                page.route("**/*", route)
                page.on("pageerror", lambda error: errors.append(str(error)))
                page.on(
                    "console",
                    lambda message: (
                        console.append(message.text[:300]) if message.type == "error" else None
                    ),
                )
                page.goto(f"{base}/lab/tree/explore.ipynb?token={token}")
                page.wait_for_selector(".jp-NotebookPanel .jp-Notebook")
                page.wait_for_function(KERNEL_IDLE)
                # Fire and forget: the command's promise settles only when every cell ran.
                page.evaluate(
                    "() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }"
                )
                figures = page.locator(".sp-figures")
                figures.wait_for()
                page.wait_for_function(
                    "() => (document.querySelector('.sp-figures') || {}).innerText"
                    "?.includes('vs baseline')"
                )
                before = figures.inner_text()
                assert "(0.0% vs baseline" in before, before
                # The appeal cell ran in the lab: the API's before/after text and the
                # other reps whose grade changes, names and grades before and after.
                appeal_text = page.wait_for_function(APPEAL_TEXT).json_value()
                for line in answer.summary().splitlines():
                    assert line.strip() in appeal_text, (line, appeal_text)
                assert "Other reps whose grade changes" in appeal_text, appeal_text
                rows = page.evaluate(APPEAL_ROWS)
                shown = {(r[1], r[-2], r[-1]) for r in rows}
                expected = {
                    (r.rep_id, r.grade_before, r.grade_after) for r in answer.others.itertuples()
                }
                assert shown == expected, rows
                cell = page.locator(
                    f".jp-Cell:has-text('{APPEAL['appeal_rep']}: revenue_booked_new')"
                )
                cell.last.scroll_into_view_if_needed()
                cell.last.screenshot(path=str(tmp_path / "explorer_appeal.png"))
                _open_tab(page, "Commission", ".sp-tier-2-rate .noUi-handle", retried, console)
                handle = page.locator(".sp-tier-2-rate .noUi-handle")
                handle.focus()
                handle.press("ArrowRight")  # one step of 0.25: tier 2 rate 4% -> 4.25%
                page.wait_for_function(
                    "() => !document.querySelector('.sp-figures').innerText"
                    ".includes('(0.0% vs baseline')"
                )
                after = figures.inner_text()
                assert "vs baseline" in after and "% vs baseline" in after, after
                change = after.split("(", 1)[1].split("%", 1)[0]
                assert float(change) > 0, after
                assert "Re-paid in" in after
                readout = page.locator(".sp-tier-2-rate .widget-readout").inner_text()
                assert float(readout) == 4.25, readout
                page.locator(".sp-save-name input").fill("browser_saved")
                page.locator("button.sp-save").click()
                page.wait_for_function(
                    "() => (document.querySelector('.sp-message') || {}).innerText"
                    "?.includes('Saved')"
                )
                # The KPI weights tab's rows are made when it is first opened, and another
                # role's weights when the role is picked (tests/test_explorer_widgets.py).
                _open_tab(page, "KPI weights", NEW_BUSINESS_WEIGHT, retried, console)
                page.locator(".sp-role select").select_option("equity_sales")
                page.locator(EQUITY_SALES_WEIGHT).wait_for(state="visible")
                assert page.locator(NEW_BUSINESS_WEIGHT).count() == 0
                page.locator(".widget-tab").screenshot(path=str(tmp_path / "explorer_weights.png"))
                # Add a bonus of the type picked (the first: over-achievement) by name.
                before = _add_a_bonus(page, after, retried, console)
                if before is None:  # the rebuilt panel never drawn: run the cell again
                    after = _draw_explorer_again(page)
                    retried.append("the explorer's cell was run again after adding a bonus")
                    before = _add_a_bonus(page, after, retried, console)
                    assert before is not None, retried
                page.wait_for_function(
                    f"() => document.querySelector('.sp-figures').innerText !== {json.dumps(before)}"
                )
            finally:
                page.screenshot(path=str(screenshot), full_page=True)
                browser.close()
    finally:
        _stop(server)
    assert server.poll() is not None, "JupyterLab still running"
    if os.environ.get("SALESPERF_SCREENSHOTS"):
        for shot in (
            screenshot,
            tmp_path / "explorer_appeal.png",
            tmp_path / "explorer_weights.png",
        ):
            shutil.copy(shot, Path(os.environ["SALESPERF_SCREENSHOTS"]) / shot.name)
    saved = scenarios / "browser_saved.yaml"
    assert saved.exists(), sorted(p.name for p in scenarios.iterdir())
    text = saved.read_text()
    assert "extends: baseline.yaml" in text and "rate: 0.0425" in text, text
    validated = subprocess.run(
        [str(BIN / "salesperf"), "validate", str(saved)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert validated.returncode == 0, validated.stdout + validated.stderr
    # "widget model not found": a model whose announcing message was dropped (see
    # _open_tab). It came in fresh-clone runs after every step above had worked (the
    # controls shown, the plan saved and valid): recorded as a warning, not a failure.
    # Any other error thrown in the page still fails the test.
    raced = [e for e in errors if e.strip() == "widget model not found"]
    retried += [f"the page threw {e!r} (ipywidgets' state race)" for e in raced]
    errors = [e for e in errors if e not in raced]
    assert not errors, errors
    assert not outside, f"requests left the machine: {outside}"
    for retry in retried:
        warnings.warn(f"explorer in the browser: {retry}", stacklevel=1)

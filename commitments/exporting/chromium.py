"""The one shared Chromium that draws charts to PNG, SVG and PDF, safe across threads.

Images are drawn by kaleido in Debian's Chromium. Nothing is fetched at run time (MathJax is
off; plotly.js comes from the installed plotly). One browser serves the whole process: it starts
with the first export, is reused, and is started again if it dies. kaleido's own shared server is
not safe across threads (it can hand one thread another thread's image), so this module owns a
kaleido instance on a single event loop in a thread of its own; every export is a coroutine
submitted to that loop, renders one at a time, and returns its own bytes to its own caller.
A figure framed by ``commitments.exporting.frame`` is drawn once to measure its plot, then again
with its frame placed.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import os
import re
import shutil
import threading
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any, Literal

import plotly.graph_objects as go

from commitments.exporting.frame import (
    EXPORT_HEIGHT,
    EXPORT_WIDTH,
    fit_frame,
    is_framed,
    measuring_copy,
    plot_box,
)

ExportFormat = Literal["png", "svg", "pdf"]
FORMATS: tuple[ExportFormat, ...] = ("png", "svg", "pdf")
MEDIA_TYPES: dict[str, str] = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
}

PNG_SCALE = 2  # twice screen resolution

_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "png": (b"\x89PNG\r\n\x1a\n",),
    "svg": (b"<svg", b"<?xml"),
    "pdf": (b"%PDF",),
}


class ChartExportError(RuntimeError):
    """A chart could not be drawn to a file."""


# --- The template check ------------------------------------------------------------------------

# Streamlit's plotly template uses placeholder colours (#000001 to #000040) that only its
# browser front end replaces; drawn anywhere else they come out near-black.
_PLACEHOLDER_COLOUR = re.compile(r"#0000(0[1-9]|[1-3]\d|40)\b", re.IGNORECASE)


def check_template(fig: go.Figure) -> None:
    """Refuse a figure that would not look like the chart on screen.

    A figure needs an explicit template of its own (the house template) so that the exported
    file is drawn exactly as the screen draws it; Streamlit's placeholder template or an empty
    one would not be.
    """
    if not isinstance(fig, go.Figure):
        raise TypeError(f"expected a plotly go.Figure, got {type(fig).__name__}")
    template = fig.layout.template.to_plotly_json()
    styled_traces = [
        trace
        for traces in template.get("data", {}).values()
        for trace in traces
        if set(trace) - {"type"}
    ]
    if not template.get("layout") and not styled_traces:
        raise ChartExportError(
            "the figure has no template. Hint: build it with the house template "
            "(commitments.presenting.theme) so the export looks like the chart on screen."
        )
    if _PLACEHOLDER_COLOUR.search(str(template)):
        raise ChartExportError(
            "the figure carries Streamlit's placeholder template, whose colours only the "
            "browser fills in. Hint: give the figure the house template explicitly and show "
            "it with st.plotly_chart(fig, theme=None)."
        )


# --- The exporter ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Request:
    figure: dict[str, Any]
    fmt: ExportFormat
    width: int
    height: int
    scale: float


class ChartExporter:
    """One persistent kaleido browser, shared safely by every thread of the process.

    The browser starts with the first export, is reused afterwards, and is started again when
    it has died. Call :meth:`close` to stop it; it is also stopped when the process exits.
    """

    def __init__(self, *, browser_path: str | None = None, timeout: float = 90) -> None:
        self._browser_path = browser_path
        self._timeout = timeout
        self._state = threading.Lock()  # guards starting and stopping the loop thread
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None  # lives on, and is only touched from, the loop thread
        self._render_lock: asyncio.Lock | None = None
        self._starts = 0
        self._exit_hook = False

    @property
    def starts(self) -> int:
        """How many times a browser has been started."""
        return self._starts

    @property
    def browser_pid(self) -> int | None:
        """The process id of the running browser, if one is running."""
        process = getattr(self._kaleido, "subprocess", None)
        return process.pid if process is not None and process.poll() is None else None

    def export(
        self,
        fig: go.Figure,
        fmt: ExportFormat,
        *,
        width: int | None = None,
        height: int | None = None,
        scale: float | None = None,
    ) -> bytes:
        """The figure drawn as ``fmt`` bytes, ``width`` x ``height`` layout pixels.

        The size defaults to the figure's own, else 1000 x 600. A figure framed by
        :func:`with_briefing_frame` is first drawn once as SVG to measure where plotly.js puts
        its plot, and its frame text is placed from that measurement.
        """
        if fmt not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
        check_template(fig)
        figure = fig.to_dict()
        layout = figure.get("layout", {})
        width = int(width or layout.get("width") or EXPORT_WIDTH)
        height = int(height or layout.get("height") or EXPORT_HEIGHT)
        if scale is None:
            scale = PNG_SCALE if fmt == "png" else 1
        if is_framed(figure):
            measured = self._draw(_Request(measuring_copy(figure), "svg", width, height, 1))
            box = plot_box(measured.decode("utf-8", errors="replace"))
            if box is not None:
                figure = fit_frame(figure, box, height=height)
        return self._draw(_Request(figure, fmt, width, height, float(scale)))

    def _draw(self, request: _Request) -> bytes:
        loop = self._running_loop()
        future = asyncio.run_coroutine_threadsafe(self._render(request), loop)
        try:
            data = future.result(timeout=self._timeout * 2 + 30)
        except FutureTimeout as error:
            future.cancel()
            raise ChartExportError(f"the {request.fmt} export did not finish in time") from error
        if not data.lstrip().startswith(_SIGNATURES[request.fmt]):
            raise ChartExportError(f"the browser did not return a {request.fmt} file")
        return data

    def close(self) -> None:
        """Stop the browser and its event loop (a later export starts them again)."""
        with self._state:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is None or thread is None:
            return
        if loop.is_running():
            future = asyncio.run_coroutine_threadsafe(self._close_browser(), loop)
            try:
                future.result(timeout=30)
            except Exception:
                pass
            loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=30)
        if not thread.is_alive():
            loop.close()

    # -- on the calling thread

    def _running_loop(self) -> asyncio.AbstractEventLoop:
        with self._state:
            if self._loop is None or self._thread is None or not self._thread.is_alive():
                loop = asyncio.new_event_loop()
                thread = threading.Thread(target=loop.run_forever, name="chart-export", daemon=True)
                thread.start()
                self._loop, self._thread = loop, thread
                self._kaleido = None
                self._render_lock = None
                if not self._exit_hook:
                    atexit.register(self.close)
                    self._exit_hook = True
            return self._loop

    # -- on the loop thread

    async def _render(self, request: _Request) -> bytes:
        if self._render_lock is None:
            self._render_lock = asyncio.Lock()
        async with self._render_lock:  # one render at a time, in order of arrival
            for attempt in (1, 2):
                kaleido = await self._browser()
                opts = {
                    "format": request.fmt,
                    "width": request.width,
                    "height": request.height,
                    "scale": request.scale,
                }
                try:
                    # In a task of its own: kaleido calls off the task that asked for a render
                    # when its browser closes, and that must not be mistaken for this one.
                    return await asyncio.ensure_future(kaleido.calc_fig(request.figure, opts=opts))
                except asyncio.CancelledError as error:
                    task = asyncio.current_task()
                    if task is not None and task.cancelling():
                        raise  # this export itself was called off
                    # kaleido calls off its renders when its browser closes, as when it died
                    failure: BaseException = error
                except Exception as error:
                    failure = error
                if attempt == 2 or self._is_alive(kaleido):
                    raise ChartExportError(
                        f"the {request.fmt} export failed: {str(failure) or 'the browser closed'}"
                    ) from failure
                await self._close_browser()  # the browser died mid-render: start again
        raise AssertionError("unreachable")

    async def _browser(self) -> Any:
        if self._kaleido is not None and self._is_alive(self._kaleido):
            return self._kaleido
        await self._close_browser()
        from commitments.exporting.browser_tabs import (
            Browser,  # imported here: kaleido starts nothing, but is slow
        )

        # When the browser closes, its pipe reader may log a half-read message with a traceback.
        # Every export is checked by its file signature instead, so those are not shown.
        logging.getLogger("choreographer.channels.pipe").setLevel(logging.CRITICAL)

        path = self._browser_path or os.environ.get("BROWSER_PATH") or _find_chromium()
        try:
            browser = Browser(mathjax=False, timeout=self._timeout, path=path)
            await browser.open()
        except Exception as error:
            raise ChartExportError(
                f"could not start Chromium for chart export ({error}). Hint: install Debian's "
                "browser with `apt-get install chromium`; nothing is downloaded at run time."
            ) from error
        self._kaleido = browser
        self._starts += 1
        return browser

    async def _close_browser(self) -> None:
        browser, self._kaleido = self._kaleido, None
        if browser is not None:
            try:
                await browser.close()
            except Exception:
                pass

    @staticmethod
    def _is_alive(browser: Any) -> bool:
        process = getattr(browser, "subprocess", None)
        broken = getattr(browser, "broken", False)  # a tab that could not reload
        return process is not None and process.poll() is None and not broken


def _find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


_exporter = ChartExporter()


def export_figure(
    fig: go.Figure,
    fmt: ExportFormat,
    *,
    width: int | None = None,
    height: int | None = None,
    scale: float | None = None,
) -> bytes:
    """``fig`` as PNG, SVG or PDF bytes, drawn by the process's one shared browser.

    The size defaults to the figure's own (``layout.width``/``height``), else 1000 x 600 layout
    pixels. ``scale`` defaults to 2 for PNG (twice screen resolution: 2000 x 1200 pixels by
    default) and 1 for the vector formats. Safe to call from any number of threads at once.
    """
    return _exporter.export(fig, fmt, width=width, height=height, scale=scale)


def shared_exporter() -> ChartExporter:
    """The process-wide exporter behind :func:`export_figure`."""
    return _exporter

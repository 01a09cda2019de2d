"""kaleido's browser, with a tab's reload after a render taken off the render's time.

kaleido reloads a tab after every render (a clean page for the next figure) and only then returns
the image, though the reload is more than half of a warm export. Here the image is returned as soon
as it is drawn and the tab reloads in the background before it goes back in kaleido's queue of
ready tabs; with two tabs, the next render (a framed chart's final draw after its measuring draw,
or the next file of the three) takes the other tab at once.

Imported only when the first chart is exported: importing kaleido is slow.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import kaleido

TABS = 2
"""Tabs kept ready: one renders while the other reloads."""

logger = logging.getLogger(__name__)


class Browser(kaleido.Kaleido):
    """A kaleido browser whose tabs reload after a render without the caller waiting for it.

    ``broken`` turns true when a tab could not reload: the owner should start a new browser,
    since the tab is not handed back and fewer are left.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, n=TABS, **kwargs)
        self.broken = False
        self._closing = False
        self._reloading: set[asyncio.Task] = set()

    async def _return_kaleido_tab(self, tab: Any) -> None:  # kaleido 1.5's hook, run per render
        task = asyncio.get_running_loop().create_task(self._reload_then_return(tab))
        self._reloading.add(task)  # held until done: the loop keeps only a weak reference
        task.add_done_callback(self._reloading.discard)

    async def _reload_then_return(self, tab: Any) -> None:
        try:
            await kaleido.Kaleido._return_kaleido_tab(self, tab)  # reload, then back in the queue
        except asyncio.CancelledError:
            raise
        except Exception as error:
            if self._closing:  # the browser is going: its tabs with it
                return
            logger.warning(
                "a chart export tab could not reload (%s): the browser is restarted", error
            )
            self.broken = True

    async def close(self) -> None:
        self._closing = True
        for task in list(self._reloading):
            task.cancel()
        await super().close()

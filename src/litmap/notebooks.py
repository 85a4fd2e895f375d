"""Execute litmap's notebooks headless (papermill), for ``litmap notebooks``, ``make demo`` and the tests.

Each notebook declares what a user changes in its cell tagged ``parameters``. A run passes each
notebook only the parameters its cell declares, so one set (``article``, ``out_dir``, …) serves
the article notebooks, and a notebook without an ``article`` parameter (one about a whole
folder of articles, say) is never handed one.

Every cell runs under a time limit. A cell that overruns it is interrupted, so the executed copy
shows where it stood (the ``KeyboardInterrupt`` traceback), and the run stops with one line
naming the notebook and the cell; nothing waits for ever on a kernel that stopped answering.

Notebooks run on papermill's nbclient engine less one piece: nbclient's stand-in for the
``Output`` widget. That stand-in mirrors each output captured by an ``Output`` widget back to the
kernel on the shell socket while another task is waiting on the same socket for the cell's reply;
the send can consume the edge-triggered wake-up of the arriving reply (pyzmq's asyncio poller does
not look again), so the cell waits until its time limit although the reply is there — without a
limit, for ever. The explorer at the end of notebook 3 shows its graph in an ``Output`` widget,
and this is what made that notebook hang now and then, more often on a loaded machine. Without the
stand-in, what an ``Output`` widget shows is kept as the cell's own output, and nothing is sent.
"""

from __future__ import annotations

import ast
import functools
import json
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path

from litmap.errors import LitmapError
from litmap.settings import Settings

#: Seconds a cell may run by default before it is interrupted: an online audit of a long
#: reference list takes minutes (Crossref's pace); nothing a notebook does takes half an hour.
CELL_TIMEOUT = 1800
#: Times a kernel is started for one notebook when it dies before answering (a port taken meanwhile).
KERNEL_STARTS = 2
#: Seconds to wait for a kernel to start (one answers in a few; one that has not in a minute is
#: stuck, and a second is started).
START_TIMEOUT = 60


#: The papermill engine litmap registers (see the module docstring).
ENGINE = "litmap"


@functools.cache
def _register_engine() -> str:
    """Register papermill's nbclient engine without nbclient's ``Output``-widget stand-in; returns its name."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger

    class Client(PapermillNotebookClient):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.widget_registry = {}  # no Output-widget stand-in: it sends on the shell socket

    class Engine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(
            cls, nb_man, kernel_name, *, start_timeout=60, execution_timeout=None, kernel_env=None, **kwargs
        ):  # as NBClientEngine's, with Client, and the kernel's environment when given
            for unused in ("input_path", "timeout", "startup_timeout"):
                kwargs.pop(unused, None)
            kwargs.setdefault("log", logger)
            # the kernel's own log says that a kernel on this machine's loopback talks plain TCP (a warning,
            # once per notebook: true of every local Jupyter kernel), and, now and then, "KeyboardInterrupt
            # caught in kernel" (an error: jupyter_client interrupts every kernel it shuts down, and an idle
            # kernel logs it): nothing a user can act on. A cell's own errors reach the notebook, not this log.
            kwargs.setdefault("extra_arguments", ["--IPKernelApp.log_level=CRITICAL"])
            client = Client(
                nb_man, timeout=execution_timeout, startup_timeout=start_timeout, kernel_name=kernel_name, **kwargs
            )
            return client.execute(**({"env": kernel_env} if kernel_env is not None else {}))

    papermill_engines.register(ENGINE, Engine)
    return ENGINE


def notebook_parameters(notebook: str | Path) -> dict[str, str]:
    """The parameters a notebook's ``parameters`` cell declares: name -> default, as written.

    A notebook with no such cell declares none.

    Examples
    --------
    >>> import nbformat, tempfile
    >>> nb = nbformat.v4.new_notebook()
    >>> cell = nbformat.v4.new_code_cell('corpus = "articles/"  # a folder\\nout_dir = "../outputs"')
    >>> cell.metadata["tags"] = ["parameters"]
    >>> nb.cells.append(cell)
    >>> path = Path(tempfile.mkdtemp()) / "05_corpus.ipynb"
    >>> nbformat.write(nb, path)
    >>> notebook_parameters(path)
    {'corpus': '"articles/"', 'out_dir': '"../outputs"'}
    """
    import nbformat

    try:
        nb = nbformat.read(str(notebook), as_version=4)
        cells = [c for c in nb.cells if c.cell_type == "code" and "parameters" in c.metadata.get("tags", [])]
        source = cells[0].source if cells else ""
    except OSError:
        raise
    except Exception as err:  # nbformat's errors on a damaged file are of many kinds (JSON, schema, attributes)
        reason = " ".join(str(err).split())[:160]
        raise LitmapError(
            f"{Path(notebook).name}: not a notebook litmap can read ({type(err).__name__}: {reason})"
        ) from err
    if not cells:
        return {}
    try:
        tree = ast.parse(source)
    except SyntaxError as err:
        raise LitmapError(f"{Path(notebook).name}: its parameters cell is not valid Python ({err.msg})") from err
    declared = {}
    for node in tree.body:
        targets = (
            node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        )
        for target in targets:
            if isinstance(target, ast.Name) and node.value is not None:
                declared[target.id] = ast.get_source_segment(source, node.value)
    return declared


def find_notebooks(notebook_dir: str | Path, *, parameter: str | None = None) -> list[Path]:
    """The numbered notebooks of a folder, in story order (``01_…``, ``02_…``).

    With ``parameter``, only those whose ``parameters`` cell declares it: ``parameter="article"``
    gives the notebooks about one article.
    """
    notebooks = sorted(Path(notebook_dir).glob("[0-9][0-9]_*.ipynb"))
    if parameter is None:
        return notebooks
    return [nb for nb in notebooks if parameter in notebook_parameters(nb)]


def _one_line(text: str, limit: int = 300) -> str:
    text = re.sub(r"\s+", " ", str(text)).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cell_name(cell: Mapping | None) -> str:
    """A cell as a person finds it in the executed copy: its prompt number and its first line."""
    if cell is None:
        return "a cell"
    lines = [line for line in "".join(cell.get("source", "")).splitlines() if line.strip()]
    first = _one_line(lines[0], 80) if lines else ""
    count = cell.get("execution_count")
    return f"cell [{count}]" + (f" `{first}`" if first else "") if count else f"cell `{first}`"


def _stopped_cell(output: Path) -> Mapping | None:
    """The cell the run stopped in, from the copy papermill saved: the failed one, else the last started."""
    try:
        cells = json.loads(output.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError):
        return None
    marks = [cell.get("metadata", {}).get("papermill", {}) for cell in cells]
    failed = [cell for cell, mark in zip(cells, marks) if mark.get("status") == "failed"]
    started = [cell for cell, mark in zip(cells, marks) if mark.get("start_time")]
    return (failed or started or [None])[-1]


def kernel_environment(settings: Settings) -> dict[str, str]:
    """The environment of a notebook kernel that runs with ``settings``: this process's, with
    every ``LITMAP_*`` variable set from them (or unset), so ``Settings.from_env()`` in a
    notebook gives back the whole of ``settings`` — the OpenAlex key included, which therefore
    never appears in a parameter or an executed copy."""
    env = dict(os.environ)
    for name, value in settings.to_env().items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def execute_notebook(
    notebook: str | Path,
    output: str | Path,
    *,
    parameters: Mapping | None = None,
    settings: Settings | None = None,
    timeout: int = CELL_TIMEOUT,
) -> Path:
    """Run a notebook top to bottom in its own folder and write the executed copy to ``output``.

    Parameters
    ----------
    notebook, output
        The notebook, and where its executed copy goes (written as cells finish, so a failed
        run leaves a copy showing the failure).
    parameters
        Values for the cell tagged ``parameters``; only those it declares are passed.
    settings
        The settings the notebook's ``Settings.from_env(...)`` reads, whole (:func:`kernel_environment`);
        by default the kernel inherits this process's ``LITMAP_*`` variables.
    timeout
        Seconds each cell may run; a cell still running then is interrupted and the run fails.

    Raises
    ------
    LitmapError
        A cell failed or overran ``timeout``, or the kernel died or did not start; one line
        naming the notebook, the cell and the error.
    """
    import papermill
    from jupyter_client.kernelspec import NoSuchKernel
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    notebook, output = Path(notebook).resolve(), Path(output).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    declared = notebook_parameters(notebook)
    given = {name: value for name, value in (parameters or {}).items() if name in declared}
    where = notebook.name
    try:
        for start in range(KERNEL_STARTS):
            try:
                _execute(notebook, output, given, timeout, settings)
                break
            except RuntimeError as err:
                # a new kernel binds ports jupyter_client chose for it a moment before; another process
                # may take one first ("Address already in use") and the kernel dies before any cell ran:
                # start it once more (jupyter_client says so only in words)
                # or the kernel hung on its way up and never answered: start another
                if not re.search(r"died before replying|didn't respond", str(err)) or start == KERNEL_STARTS - 1:
                    raise
    except papermill.PapermillExecutionError as err:
        cell = {"source": err.source, "execution_count": err.exec_count}
        interrupted = err.ename in ("KeyboardInterrupt", "CellTimeoutError")  # by the time limit, above
        if interrupted or (err.ename == "CellExecutionError" and not err.evalue):
            reason = f"did not finish within {timeout} s and was interrupted (the copy shows where it stood)"
        else:
            reason = f"failed: {err.ename}: {_one_line(err.evalue)}"
        raise LitmapError(f"{where}, {_cell_name(cell)} {reason}; executed copy: {output}") from err
    except CellTimeoutError as err:  # the kernel did not even answer the interrupt
        raise LitmapError(
            f"{where}, {_cell_name(_stopped_cell(output))} did not finish within {timeout} s "
            f"and the kernel did not answer; executed copy: {output}"
        ) from err
    except DeadKernelError as err:
        raise LitmapError(f"{where}, {_cell_name(_stopped_cell(output))}: the kernel died ({err})") from err
    except NoSuchKernel as err:
        raise LitmapError(
            f"{where}: no Python kernel for Jupyter is installed; install litmap's notebooks extra "
            "(pip install 'litmap[notebooks]', or make venv)"
        ) from err
    except RuntimeError as err:  # jupyter_client: the kernel did not start in time
        raise LitmapError(f"{where}: {_one_line(err)}") from err
    return output


def _execute(notebook: Path, output: Path, given: dict, timeout: float, settings) -> None:
    """One papermill run of ``notebook`` into ``output`` (see :func:`execute_notebook`)."""
    import papermill

    papermill.execute_notebook(
        str(notebook),
        str(output),
        parameters=given,
        cwd=str(notebook.parent),
        kernel_name="python3",
        engine_name=_register_engine(),
        progress_bar=False,
        execution_timeout=timeout,
        start_timeout=START_TIMEOUT,
        # Overrunning the limit interrupts the kernel (the copy then shows the traceback of
        # where it stood) and ends the cell with this error instead of waiting for a reply.
        interrupt_on_timeout=True,
        # After a cell's reply, how long its last outputs may take to arrive (papermill's 4 s
        # is short on a loaded machine, and then reads as a failed cell).
        iopub_timeout=60,
        error_on_timeout={
            "ename": "CellTimeoutError",
            "evalue": f"the cell did not finish within {timeout} s and was interrupted",
            "traceback": [],
        },
        kernel_env=kernel_environment(settings) if settings is not None else None,
    )


def execute_notebooks(
    notebook_dir: str | Path,
    out_dir: str | Path,
    *,
    parameters: Mapping | None = None,
    parameter: str | None = None,
    settings: Settings | None = None,
    timeout: int = CELL_TIMEOUT,
    report: Callable[[Path], None] | None = None,
) -> list[Path]:
    """Execute the numbered notebooks of ``notebook_dir`` into ``out_dir``, in order; stop at the first failure.

    Parameters
    ----------
    parameters
        Values for the notebooks' ``parameters`` cells; each notebook is given only those it
        declares (so ``article`` reaches the article notebooks alone).
    parameter
        Run only the notebooks that declare this parameter (``"article"``: the notebooks
        about one article), as :func:`find_notebooks`.
    settings
        The whole settings every notebook runs with (see :func:`execute_notebook`).
    timeout
        Seconds each cell may run.
    report
        Called with each executed copy as soon as it is written (progress for a command).

    Raises
    ------
    LitmapError
        A notebook failed (see :func:`execute_notebook`); or a parameter with a value (not None)
        is declared by none of the notebooks (a misspelt name would otherwise be dropped in silence).
    """
    from litmap.pipeline import check_no_links

    notebooks = find_notebooks(notebook_dir, parameter=parameter)
    if not notebooks:
        which = f" declaring the parameter {parameter!r}" if parameter else ""
        raise LitmapError(f"no numbered notebooks (01_….ipynb){which} in {notebook_dir}")
    declared = set().union(*(notebook_parameters(nb) for nb in notebooks))
    unknown = sorted(name for name, value in (parameters or {}).items() if name not in declared and value is not None)
    if unknown:
        raise LitmapError(
            f"no notebook in {notebook_dir} has the parameter(s) {', '.join(unknown)}; "
            f"they have: {', '.join(sorted(declared))}"
        )
    # an executed copy is written where a link in the results folder would take it outside (as `litmap run`)
    check_no_links(Path(out_dir).parent, [Path(out_dir).name])
    check_no_links(out_dir, [nb.name for nb in notebooks])
    done = []
    for nb in notebooks:
        done.append(
            execute_notebook(nb, Path(out_dir) / nb.name, parameters=parameters, settings=settings, timeout=timeout)
        )
        if report is not None:
            report(done[-1])
    return done


__all__ = [
    "CELL_TIMEOUT",
    "execute_notebook",
    "execute_notebooks",
    "find_notebooks",
    "kernel_environment",
    "notebook_parameters",
]

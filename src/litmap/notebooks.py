"""Execute litmap's notebooks headless (papermill), for `make demo` and the tests."""

from __future__ import annotations

from pathlib import Path

from litmap.errors import LitmapError


def find_notebooks(notebook_dir: str | Path) -> list[Path]:
    """The numbered notebooks of a folder, in story order (01_…, 02_…)."""
    return sorted(p for p in Path(notebook_dir).glob("[0-9][0-9]_*.ipynb"))


def execute_notebook(
    notebook: str | Path,
    output: str | Path,
    *,
    parameters: dict | None = None,
    timeout: int = 600,
) -> Path:
    """Run a notebook top to bottom in its own folder and write the executed copy to ``output``.

    ``parameters`` replace the values of the cell tagged ``parameters``.

    Raises
    ------
    LitmapError
        A cell failed; the message names the notebook and the error.
    """
    import papermill

    notebook, output = Path(notebook).resolve(), Path(output).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    try:
        papermill.execute_notebook(
            str(notebook),
            str(output),
            parameters=parameters or {},
            cwd=str(notebook.parent),
            kernel_name="python3",
            progress_bar=False,
            execution_timeout=timeout,
        )
    except papermill.PapermillExecutionError as err:
        raise LitmapError(f"{notebook.name} failed in cell {err.exec_count}: {err.ename}: {err.evalue}") from err
    return output


def execute_notebooks(notebook_dir: str | Path, out_dir: str | Path, *, parameters: dict | None = None) -> list[Path]:
    """Execute every numbered notebook of ``notebook_dir`` into ``out_dir``; stop at the first failure."""
    return [execute_notebook(nb, Path(out_dir) / nb.name, parameters=parameters) for nb in find_notebooks(notebook_dir)]

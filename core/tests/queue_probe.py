"""A task for the queue's own test: records each run in a file, one line per execution."""

from django_tasks import task


@task()
def record_run(path: str, number: int) -> int:
    with open(path, "a", encoding="utf-8") as log:
        log.write(f"{number}\n")
    return number

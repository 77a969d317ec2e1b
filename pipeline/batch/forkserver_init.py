"""Imported by the batch's forkserver only (see ``pipeline.batch.workers``): the server, whose
parent is the batch process, dies with it; its workers set the same for themselves."""

from pipeline.batch.workers import die_with_parent

die_with_parent()

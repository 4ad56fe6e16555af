package dev.shoal.core.migration;

/**
 * How far a job has got, from its recorded tasks: how many children were dry-run (and how many of
 * those failed), and how many were run (and failed).
 */
public record JobProgress(int dryRun, int dryRunFailed, int run, int runFailed) {}

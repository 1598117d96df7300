/**
 * Fault injection for live demos against an ensemble on this machine, shared by {@code minizk
 * fault} and the buttons of the status page: kill -9, SIGSTOP/SIGCONT, restart, cutting and
 * healing the links between servers ({@link dev.minizk.fault.Faults}); the files a local
 * ensemble keeps ({@link dev.minizk.fault.EnsembleDirectory}), the fault log every member's page
 * shows as its timeline among them ({@link dev.minizk.fault.FaultLog}).
 */
package dev.minizk.fault;

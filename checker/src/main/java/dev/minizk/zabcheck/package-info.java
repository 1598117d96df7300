/**
 * Zab's safety properties (the Zab paper's, as ZooKeeper's TLA+ specifications check them),
 * checked over what the servers of one run delivered. A stage records its run as a {@link
 * dev.minizk.zabcheck.ZabRun} (per server the txns it delivered in order; per epoch who was
 * established and with which acks; every proposal and every commit with its acks) and calls
 * {@link dev.minizk.zabcheck.ZabChecker#check}. The checker knows nothing about how the run was
 * produced, so the same records serve the simulator, search tests and the real ensemble.
 */
package dev.minizk.zabcheck;

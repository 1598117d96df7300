package dev.minizk.sim;

/** Why a message was dropped, for the timeline; turned into text only if the timeline is printed. */
record Dropped(String reason, Object message) {
    @Override
    public String toString() {
        return "(" + reason + ") " + message;
    }
}

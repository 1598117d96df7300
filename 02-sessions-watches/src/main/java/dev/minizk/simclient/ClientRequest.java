package dev.minizk.simclient;

import dev.minizk.proto.Request;

/** A request as it travels on a simulated client link: the client's xid and the request. */
public record ClientRequest(int xid, Request request) {
}

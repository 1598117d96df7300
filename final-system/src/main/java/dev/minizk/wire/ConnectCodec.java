package dev.minizk.wire;

import dev.minizk.proto.ConnectRequest;
import dev.minizk.proto.ConnectResponse;

import java.nio.ByteBuffer;

/**
 * The handshake records. They travel bare (no request or reply header), and both end in an
 * optional {@code readOnly} byte: clients of ZooKeeper 3.3 and older neither send nor expect
 * it, so the server answers with the byte only when the request carried it.
 */
public final class ConnectCodec {

    /** A decoded ConnectRequest, and whether it carried the trailing readOnly byte. */
    public record DecodedConnect(ConnectRequest request, boolean hasReadOnlyByte) {
    }

    private ConnectCodec() {
    }

    public static byte[] encodeRequest(ConnectRequest request, boolean withReadOnlyByte) {
        JuteWriter out = new JuteWriter(48);
        out.writeInt(request.protocolVersion()).writeLong(request.lastZxidSeen()).writeInt(request.timeout())
                .writeLong(request.sessionId()).writeBuffer(request.password());
        if (withReadOnlyByte) {
            out.writeBool(request.readOnly());
        }
        return out.toByteArray();
    }

    public static DecodedConnect decodeRequest(ByteBuffer payload) throws MalformedFrameException {
        JuteReader in = new JuteReader(payload);
        int protocolVersion = in.readInt("protocolVersion");
        long lastZxidSeen = in.readLong("lastZxidSeen");
        int timeout = in.readInt("timeOut");
        long sessionId = in.readLong("sessionId");
        byte[] password = in.readBuffer("passwd");
        // Like ZooKeeper's server: try the trailing byte, and do without it if the frame ends.
        boolean hasReadOnly = in.hasRemaining();
        boolean readOnly = hasReadOnly && in.readBool("readOnly");
        return new DecodedConnect(new ConnectRequest(protocolVersion, lastZxidSeen, timeout, sessionId,
                password == null ? new byte[0] : password, readOnly), hasReadOnly);
    }

    public static byte[] encodeResponse(ConnectResponse response, boolean withReadOnlyByte) {
        JuteWriter out = new JuteWriter(40);
        out.writeInt(response.protocolVersion()).writeInt(response.timeout()).writeLong(response.sessionId())
                .writeBuffer(response.password());
        if (withReadOnlyByte) {
            out.writeBool(response.readOnly());
        }
        return out.toByteArray();
    }

    public static ConnectResponse decodeResponse(ByteBuffer payload) throws MalformedFrameException {
        JuteReader in = new JuteReader(payload);
        int protocolVersion = in.readInt("protocolVersion");
        int timeout = in.readInt("timeOut");
        long sessionId = in.readLong("sessionId");
        byte[] password = in.readBuffer("passwd");
        boolean readOnly = in.hasRemaining() && in.readBool("readOnly");
        return new ConnectResponse(protocolVersion, timeout, sessionId, password == null ? new byte[0] : password,
                readOnly);
    }
}

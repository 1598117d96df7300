package dev.minizk.net;

import dev.minizk.conformance.TestServer;
import dev.minizk.proto.ConnectRequest;
import dev.minizk.wire.ConnectCodec;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Random and truncated frames from raw sockets, while a well-behaved stock client keeps
 * working: the server must neither crash, nor hang, nor throw, nor disturb the good session,
 * nor lose its data, and every fuzzing connection must end up closed.
 */
@Timeout(60)
class FrameFuzzTest {
    private static final long SEED = 0x5EED_2026L;
    private static final int CONNECTIONS = 300;
    private static final int[] OPS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
            100, 101, 102, 103, 104, 105, 106, 107, -10, -11, 999};

    @Test
    void fuzzed_connections_never_disturb_a_good_session() throws Exception {
        try (TestServer server = TestServer.start()) {
            TestServer.Events events = new TestServer.Events();
            ZooKeeper good = server.client(server.connectString(), 20 * TestServer.TICK, events);
            good.create("/keep", "precious".getBytes(), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            long session = good.getSessionId();

            AtomicBoolean fuzzing = new AtomicBoolean(true);
            AtomicInteger goodOps = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(5);
            try {
                Future<?> worker = pool.submit(() -> {
                    int i = 0;
                    while (fuzzing.get()) {
                        good.setData("/keep", ("precious-" + i).getBytes(), -1);
                        assertThat(new String(good.getData("/keep", false, null))).isEqualTo("precious-" + i);
                        i++;
                        goodOps.incrementAndGet();
                    }
                    return null;
                });
                Random seeds = new Random(SEED);
                Future<?>[] fuzzers = new Future<?>[4];
                for (int t = 0; t < fuzzers.length; t++) {
                    long threadSeed = seeds.nextLong();
                    fuzzers[t] = pool.submit(() -> {
                        Random random = new Random(threadSeed);
                        for (int c = 0; c < CONNECTIONS / 4; c++) {
                            fuzzOneConnection(server.port(), random);
                        }
                        return null;
                    });
                }
                for (Future<?> fuzzer : fuzzers) {
                    fuzzer.get(40, TimeUnit.SECONDS);
                }
                fuzzing.set(false);
                worker.get(10, TimeUnit.SECONDS);
            } finally {
                fuzzing.set(false);
                pool.shutdownNow();
            }

            assertThat(goodOps.get()).as("the good client kept working").isPositive();
            assertThat(events.states()).as("the good client never lost its connection (seed %s)", SEED)
                    .containsOnly(KeeperState.SyncConnected);
            assertThat(good.getSessionId()).isEqualTo(session);
            assertThat(new String(good.getData("/keep", false, null))).startsWith("precious-");
            assertThat(server.runtime.internalErrorCount()).as("server exceptions (seed %s)", SEED).isZero();
            assertThat(server.runtime.isRunning()).isTrue();
            // Every fuzzing connection is gone: only the good client's remains.
            await().atMost(Duration.ofSeconds(10)).until(() -> server.runtime.connectionCount().join() == 1);
        }
    }

    /** One connection of one of several kinds of garbage; the socket times out rather than hang. */
    private static void fuzzOneConnection(int port, Random random) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(200); // a connection the server keeps open (waiting for more) must not slow the test
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            switch (random.nextInt(6)) {
                case 0 -> out.write(randomBytes(random, random.nextInt(200)));           // noise
                case 1 -> {                                                               // a lying length
                    out.writeInt(random.nextBoolean() ? -random.nextInt(Integer.MAX_VALUE) - 1 : 0x100000 + random.nextInt(1 << 20));
                    out.write(randomBytes(random, random.nextInt(50)));
                }
                case 2 -> {                                                               // truncated frame, then hang up
                    out.writeInt(100);
                    out.write(randomBytes(random, random.nextInt(100)));
                }
                case 3 -> {                                                               // a frame of noise as the handshake
                    byte[] payload = randomBytes(random, random.nextInt(60));
                    out.writeInt(payload.length);
                    out.write(payload);
                }
                default -> {                                                              // a real session, then bad requests
                    byte[] connect = ConnectCodec.encodeRequest(ConnectRequest.newSession(2 * TestServer.TICK), true);
                    out.writeInt(connect.length);
                    out.write(connect);
                    for (int i = 0; i < 1 + random.nextInt(8); i++) {
                        byte[] body = randomBytes(random, random.nextInt(80));
                        ByteBuffer frame = ByteBuffer.allocate(8 + body.length)
                                .putInt(random.nextInt(100) - 5).putInt(OPS[random.nextInt(OPS.length)]).put(body);
                        if (random.nextInt(4) == 0) {
                            sprinkleLengths(frame, random); // -1 (null), huge or negative lengths in the body
                        }
                        out.writeInt(frame.capacity());
                        out.write(frame.array());
                    }
                }
            }
            out.flush();
            if (random.nextBoolean()) {
                drain(socket.getInputStream()); // read whatever comes until the server closes or goes quiet
            }
        } catch (IOException e) {
            // the server closed on us mid-write: fine
        }
    }

    private static void sprinkleLengths(ByteBuffer frame, Random random) {
        int[] lengths = {-1, -2, Integer.MIN_VALUE, Integer.MAX_VALUE, 0, 1_000_000};
        for (int at = 8; at + 4 <= frame.capacity(); at += 4 + random.nextInt(8)) {
            frame.putInt(at, lengths[random.nextInt(lengths.length)]);
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[4096];
        try {
            while (in.read(buffer) >= 0) {
                // discard
            }
        } catch (SocketTimeoutException e) {
            // quiet: the connection may well be alive and waiting for more
        }
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }
}

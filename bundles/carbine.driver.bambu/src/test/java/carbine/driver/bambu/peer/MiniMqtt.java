package carbine.driver.bambu.peer;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The test's own MQTT 3.1.1 client, written from the OASIS MQTT 3.1.1 specification (section 2 "MQTT Control Packet
 * format", 3.1 CONNECT, 3.2 CONNACK, 3.3 PUBLISH, 3.8 SUBSCRIBE, 3.12 PINGREQ): QoS 0 only, no keep-alive. It plays the
 * printer's side (publishing reports, reading requests) on the broker's plain loopback listener, so that the peer
 * needs no MQTT library (the in-container tests have none outside the driver bundle).
 */
public final class MiniMqtt implements AutoCloseable {
    /** A message received on a subscribed topic. */
    public record Received(String topic, String payload) {
    }

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile boolean subscribed;
    private volatile java.util.function.Consumer<Received> listener;

    private MiniMqtt(int port, String clientId, String user, String password) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        in = new DataInputStream(socket.getInputStream());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        string(body, "MQTT");
        body.write(4); // protocol level 3.1.1
        body.write(0x80 | 0x40 | 0x02); // user name, password, clean session
        body.write(0);
        body.write(0); // keep alive 0: off
        string(body, clientId);
        string(body, user);
        string(body, password);
        send(0x10, body.toByteArray());
        int type = in.readUnsignedByte();
        int length = length(in);
        byte[] connack = in.readNBytes(length);
        if (type != 0x20 || connack.length != 2 || connack[1] != 0) {
            socket.close();
            throw new IOException("the broker refused the peer's connection (CONNACK return code "
                    + (connack.length == 2 ? connack[1] : -1) + ")");
        }
        reader = new Thread(this::read, "bambu-peer-mqtt-" + clientId);
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects to a broker on the loopback address. */
    public static MiniMqtt connect(int port, String clientId, String user, String password) throws IOException {
        return new MiniMqtt(port, clientId, user, password);
    }

    /** Subscribes with QoS 0 and returns when the broker has acknowledged it. */
    public void subscribe(String filter) throws IOException, InterruptedException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0);
        body.write(1); // packet identifier 1
        string(body, filter);
        body.write(0); // QoS 0
        send(0x82, body.toByteArray());
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!subscribed) {
            if (System.nanoTime() > deadline) {
                throw new IOException("no SUBACK within 10 s");
            }
            Thread.sleep(5); // polling the reader's flag with a deadline
        }
    }

    /** Publishes with QoS 0, not retained. */
    public void publish(String topic, byte[] payload) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(payload.length + topic.length() + 2);
        string(body, topic);
        body.write(payload);
        send(0x30, body.toByteArray());
    }

    /** Called on the reading thread for each message received. */
    public void onMessage(java.util.function.Consumer<Received> listener) {
        this.listener = listener;
    }

    /** Everything received so far on the subscribed topics. */
    public List<Received> received() {
        return received;
    }

    private synchronized void send(int header, byte[] body) throws IOException {
        out.write(header);
        int length = body.length;
        do { // remaining length: 7 bits a byte, high bit = more follows (spec 2.2.3)
            int digit = length % 128;
            length /= 128;
            out.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        out.write(body);
        out.flush();
    }

    private void read() {
        try {
            while (true) {
                int header = in.readUnsignedByte();
                byte[] body = in.readNBytes(length(in));
                switch (header >> 4) {
                    case 3 -> { // PUBLISH (QoS 0: no packet identifier)
                        int topicLength = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
                        String topic = new String(body, 2, topicLength, StandardCharsets.UTF_8);
                        int start = 2 + topicLength + (((header >> 1) & 3) > 0 ? 2 : 0);
                        Received r = new Received(topic,
                                new String(body, start, body.length - start, StandardCharsets.UTF_8));
                        received.add(r);
                        java.util.function.Consumer<Received> l = listener;
                        if (l != null) {
                            l.accept(r);
                        }
                    }
                    case 9 -> subscribed = true; // SUBACK
                    default -> {
                    }
                }
            }
        } catch (EOFException | java.net.SocketException closed) {
            // the broker or we closed the connection
        } catch (IOException e) {
            // same
        }
    }

    private static int length(DataInputStream in) throws IOException {
        int value = 0;
        int multiplier = 1;
        int digit;
        do {
            digit = in.readUnsignedByte();
            value += (digit & 0x7F) * multiplier;
            multiplier *= 128;
        } while ((digit & 0x80) != 0);
        return value;
    }

    private static void string(ByteArrayOutputStream body, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        body.write(bytes.length >> 8);
        body.write(bytes.length & 0xFF);
        body.write(bytes, 0, bytes.length);
    }

    @Override
    public void close() {
        try {
            send(0xE0, new byte[0]); // DISCONNECT
        } catch (IOException e) {
            // already gone
        }
        try {
            socket.close();
        } catch (IOException e) {
            // closed
        }
    }
}

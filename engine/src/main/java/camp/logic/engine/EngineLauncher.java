package camp.logic.engine;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;

import java.io.File;
import java.io.InputStream;
import java.net.InetSocketAddress;

/**
 * Starts mongo-java-server on loopback.
 *
 * Usage: EngineLauncher --port N (0 = any free port) --backend memory|h2 [--file path.mv]
 *
 * Prints one line "READY host:port" on stdout once listening. The engine exits when its standard
 * input reaches end-of-file, i.e. when the parent process that holds the pipe dies, so a crashed
 * API or test run never leaves an orphan engine behind.
 *
 * On h2 every write is committed and fsynced before it is acknowledged (DurableH2Backend); both
 * backends offer a point-in-time snapshot command for backups (EngineCommands).
 */
public final class EngineLauncher {

    public static void main(String[] args) throws Exception {
        int port = 0;
        String backendName = "memory";
        String file = "data/engine.mv";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--backend" -> backendName = args[++i];
                case "--file" -> file = args[++i];
                default -> {
                    System.err.println("unknown argument: " + args[i]);
                    System.exit(2);
                }
            }
        }

        MongoBackend backend = switch (backendName) {
            case "memory" -> new SnapshotMemoryBackend();
            case "h2" -> {
                File parent = new File(file).getAbsoluteFile().getParentFile();
                if (parent != null && !parent.exists() && !parent.mkdirs()) {
                    throw new IllegalStateException("cannot create " + parent);
                }
                yield DurableH2Backend.open(file);
            }
            default -> throw new IllegalArgumentException("backend must be memory or h2, got " + backendName);
        };
        // Driver 6.x needs wire version >= 7 (MongoDB 4.0+); 5.0 is the newest the engine emulates.
        backend.version(ServerVersion.MONGO_5_0);

        MongoServer server = new MongoServer(backend);
        server.bind(new InetSocketAddress("127.0.0.1", port));
        InetSocketAddress address = server.getLocalAddress();
        System.out.println("READY " + address.getHostString() + ":" + address.getPort());
        System.out.flush();

        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown));

        InputStream in = System.in;
        byte[] buffer = new byte[256];
        while (in.read(buffer) >= 0) {
            // Parent alive; nothing to read. EOF means the parent is gone.
        }
        server.shutdown();
        System.exit(0);
    }
}

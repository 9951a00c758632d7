package camp.logic.engine;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * What the launcher adds around mongo-java-server's command handling, for both backends:
 *
 * - Durability: after every command that may have changed data, {@link StoreCommitter} commits
 *   and fsyncs the H2 store before the reply is written (the memory backend has nothing to sync).
 * - Point-in-time backups: {@code {logicCampSnapshot: "<db>", into: "<snapshot db>"}} copies every
 *   collection of a database while writes are held back (an engine-wide lock that write commands
 *   share and the snapshot takes exclusively), so the copy is one consistent moment. The backup
 *   then reads the copy at leisure and drops it. Writes wait inside the engine only for the copy.
 * - {@code {logicCampEngineInfo: 1}} reports both, so the app can probe for them.
 */
final class EngineCommands {
    static final String SNAPSHOT = "logicCampSnapshot";
    static final String INFO = "logicCampEngineInfo";

    /** Commands that never change data; every other command is treated as a write. */
    private static final Set<String> READ_ONLY = Set.of(
            "find", "getmore", "killcursors", "count", "distinct", "listcollections", "listindexes",
            "listdatabases", "ismaster", "hello", "ping", "buildinfo", "serverstatus", "dbstats",
            "collstats", "whatsmyuri", "getlasterror", "getparameter", "hostinfo", "getlog",
            "getcmdlineopts", "connectionstatus", "endsessions", "explain", "currentop",
            "getfreemonitoringstatus", "saslstart", "saslcontinue", "logout", "dbhash",
            INFO.toLowerCase(Locale.ROOT));

    private static final int COPY_BATCH = 1000;

    private final AbstractMongoBackend backend;
    private final StoreCommitter committer;
    private final ReentrantReadWriteLock writeGate = new ReentrantReadWriteLock();

    EngineCommands(AbstractMongoBackend backend, StoreCommitter committer) {
        this.backend = backend;
        this.committer = committer;
    }

    Document handle(Channel channel, String databaseName, String command, Document query, Supplier<Document> next) {
        if (SNAPSHOT.equals(command)) return snapshot(channel, query);
        if (INFO.equals(command)) return info();
        if (!mayWrite(command, query)) return next.get();
        writeGate.readLock().lock();
        try {
            return next.get();
        } finally {
            try {
                if (committer != null) committer.makeDurable();
            } finally {
                writeGate.readLock().unlock();
            }
        }
    }

    private static boolean mayWrite(String command, Document query) {
        String name = command.toLowerCase(Locale.ROOT);
        if (name.equals("aggregate")) return hasOutputStage(query.get("pipeline"));
        return !READ_ONLY.contains(name);
    }

    private static boolean hasOutputStage(Object pipeline) {
        if (!(pipeline instanceof List<?> stages)) return false;
        for (Object stage : stages) {
            if (stage instanceof Document document && (document.containsKey("$out") || document.containsKey("$merge"))) return true;
        }
        return false;
    }

    private Document info() {
        Document reply = new Document("durableWrites", committer != null);
        reply.put("snapshot", true);
        reply.put("ok", 1.0);
        return reply;
    }

    private Document snapshot(Channel channel, Document query) {
        String source = String.valueOf(query.get(SNAPSHOT));
        Object into = query.get("into");
        if (!(into instanceof String target) || target.isEmpty() || target.equals(source)) {
            throw new IllegalArgumentException(SNAPSHOT + " needs {into: <another database name>}");
        }
        Document counts = new Document();
        writeGate.writeLock().lock();
        try {
            MongoDatabase from = backend.resolveDatabase(source);
            MongoDatabase to = backend.resolveDatabase(target);
            for (String name : collectionNames(channel, source)) {
                MongoCollection<?> collection = from.resolveCollection(name, false);
                MongoCollection<?> copy = to.createCollectionOrThrowIfExists(name);
                List<Document> batch = new ArrayList<>(COPY_BATCH);
                int count = 0;
                for (Document document : collection.queryAll()) {
                    batch.add(document.cloneDeeply());
                    if (batch.size() == COPY_BATCH) {
                        copy.insertDocuments(batch, true);
                        count += batch.size();
                        batch = new ArrayList<>(COPY_BATCH);
                    }
                }
                if (!batch.isEmpty()) copy.insertDocuments(batch, true);
                counts.put(name, count + batch.size());
            }
        } finally {
            writeGate.writeLock().unlock();
        }
        Document reply = new Document("collections", counts);
        reply.put("ok", 1.0);
        return reply;
    }

    @SuppressWarnings("unchecked")
    private List<String> collectionNames(Channel channel, String database) {
        Document listed = backend.handleCommand(channel, database, "listCollections", new Document("listCollections", 1));
        Document cursor = (Document) listed.get("cursor");
        List<String> names = new ArrayList<>();
        for (Object entry : (List<Object>) cursor.get("firstBatch")) {
            String name = String.valueOf(((Document) entry).get("name"));
            if (!name.startsWith("system.")) names.add(name);
        }
        return names;
    }
}

package camp.logic.engine;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;

/**
 * H2 file backend whose acknowledged writes survive a kill: stock H2Backend leaves commits to the
 * MVStore's background thread (about once a second), so a `kill -9` lost up to a second of
 * acknowledged writes. Here auto-commit is off and every write command commits and fsyncs
 * before its reply leaves (see {@link StoreCommitter}).
 */
final class DurableH2Backend extends H2Backend {
    private final EngineCommands commands;

    private DurableH2Backend(MVStore store) {
        super(store);
        this.commands = new EngineCommands(this, new StoreCommitter(store));
    }

    static DurableH2Backend open(String file) {
        return new DurableH2Backend(new MVStore.Builder().fileName(file).autoCommitDisabled().open());
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        return commands.handle(channel, databaseName, command, query, () -> super.handleCommand(channel, databaseName, command, query));
    }
}

package camp.logic.engine;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/** The in-memory backend with the launcher's snapshot command (nothing to make durable). */
final class SnapshotMemoryBackend extends MemoryBackend {
    private final EngineCommands commands = new EngineCommands(this, null);

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        return commands.handle(channel, databaseName, command, query, () -> super.handleCommand(channel, databaseName, command, query));
    }
}

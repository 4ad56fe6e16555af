package dev.shoal.cli.db;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.cli.CliEnv;
import dev.shoal.cli.CliException;
import dev.shoal.cli.SessionOptions;
import dev.shoal.cli.api.ApiClient;
import dev.shoal.cli.api.Session;
import dev.shoal.cli.output.Durations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "create", mixinStandardHelpOptions = true, description = {"Create a database.",
        "A schema database (--type schema) is the parent of a family: every write to it, DDL or rows, is a",
        "migration, dry-run on every child, then applied to each child and last to the schema database.",
        "A child (--schema <parent>) is born with the schema database's current schema and rows, receives",
        "every later migration, and refuses schema changes of its own; its rows are its own."},
        footer = {"", "Examples:", "  shoal db create mydb", "  shoal db create slack --type schema",
                "  shoal db create workspace1 --schema slack", "  shoal db create copy --from-db mydb",
                "  shoal db create imported --from-file ./local.db"})
public final class DbCreate implements Callable<Integer> {
    private static final String[] ADJECTIVES = {"amber", "brave", "calm", "deft", "eager", "fair", "glad", "hardy",
            "keen", "lucid", "merry", "noble", "proud", "quick", "rapid", "sunny", "tidy", "vivid", "warm", "zesty"};
    private static final String[] NOUNS = {"anchovy", "barracuda", "cod", "dory", "eel", "flounder", "grouper",
            "herring", "koi", "mackerel", "marlin", "perch", "pike", "salmon", "sardine", "snapper", "sole", "tuna",
            "wahoo", "zander"};

    private final CliEnv env;

    @Mixin
    SessionOptions options;

    @Parameters(paramLabel = "[name]", arity = "0..1", description = "Database name (default: a random one).")
    String name;

    @Option(names = "--group", description = "Group to create it in (needed when you have several).")
    String group;

    @Option(names = "--type", defaultValue = "regular",
            description = "regular (default) or schema (the parent of children made with --schema).")
    String type;

    @Option(names = "--schema",
            description = "Create a child of this schema database: a copy of its schema and rows now, and of every "
                    + "migration later.")
    String schema;

    @Option(names = "--from-db", description = "Start as a copy of this database.")
    String fromDb;

    @Option(names = "--from-dump", description = "Start from this SQL dump file.")
    Path fromDump;

    @Option(names = "--from-file", description = "Start from this local SQLite database file (uploaded).")
    Path fromFile;

    @Option(names = "--size-limit", description = "Largest size the database may grow to, e.g. 256mb or 1gb.")
    String sizeLimit;

    public DbCreate(CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        if (!type.equals("regular") && !type.equals("schema")) {
            throw CliException.usage("invalid --type `" + type + "`: use regular or schema");
        }
        if (type.equals("schema") && schema != null) {
            throw CliException.usage("--type schema and --schema cannot be used together: a database is either a schema "
                    + "database or a child of one");
        }
        if (Stream.of(fromDb, fromDump, fromFile).filter(x -> x != null).count() > 1) {
            throw CliException.usage("only one of --from prefixed flags can be used at a time");
        }
        Session s = options.require(env);
        String db = name != null ? name : randomName();
        String g = chooseGroup(s);
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("name", db).put("group", g);
        if (type.equals("schema")) {
            body.put("is_schema", true);
        }
        if (schema != null) {
            body.put("schema", schema);
        }
        if (sizeLimit != null) {
            body.put("size_limit", sizeLimit);
        }
        if (fromDb != null) {
            body.putObject("seed").put("type", "database").put("name", fromDb);
        }
        if (fromDump != null) {
            body.putObject("seed").put("type", "dump").put("url", upload(s, read(fromDump)));
        }
        if (fromFile != null) {
            body.putObject("seed").put("type", "dump").put("url", upload(s, sqliteFile(fromFile)));
        }
        long start = System.nanoTime();
        try {
            s.client().post(s.orgPath("/databases"), body);
        } catch (ApiClient.ApiError e) {
            throw new CliException("could not create database " + db + ": " + e.getMessage(), e);
        }
        env.out().println("Created database " + db + " at group " + g + " in " + Durations.since(start) + ".");
        env.out().println();
        env.out().println("Start an interactive SQL shell with:");
        env.out().println();
        env.out().println("   shoal db shell " + db);
        env.out().println();
        env.out().println("To see information about the database, including a connection URL, run:");
        env.out().println();
        env.out().println("   shoal db show " + db);
        env.out().println();
        env.out().println("To get an authentication token for the database, run:");
        env.out().println();
        env.out().println("   shoal db tokens create " + db);
        return 0;
    }

    private String chooseGroup(Session s) {
        List<String> groups = Databases.groupNames(s);
        if (group != null) {
            if (!groups.contains(group)) {
                throw Databases.noSuchGroup(group);
            }
            return group;
        }
        if (groups.isEmpty()) {
            return "default";
        }
        if (groups.size() == 1) {
            return groups.get(0);
        }
        throw new CliException("you have more than one database group. Please specify one with --group");
    }

    private static String upload(Session s, byte[] bytes) {
        return s.client().upload(s.orgPath("/databases/dumps"), bytes).path("dump_url").asText();
    }

    /** The file's bytes, refused here when they are not a SQLite database (the server would read them as SQL). */
    private static byte[] sqliteFile(Path file) {
        byte[] bytes = read(file);
        byte[] magic = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
        if (bytes.length < magic.length || !Arrays.equals(bytes, 0, magic.length, magic, 0, magic.length)) {
            throw new CliException(file + " is not a SQLite database file; for a SQL dump use --from-dump");
        }
        return bytes;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CliException("cannot read " + file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new CliException("cannot read " + file + ": permission denied", e);
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String randomName() {
        SecureRandom r = new SecureRandom();
        return ADJECTIVES[r.nextInt(ADJECTIVES.length)] + "-" + NOUNS[r.nextInt(NOUNS.length)];
    }
}

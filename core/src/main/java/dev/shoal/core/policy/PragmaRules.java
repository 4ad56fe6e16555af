package dev.shoal.core.policy;

import static dev.shoal.core.policy.PragmaRule.ValueUse.ARGUMENT;
import static dev.shoal.core.policy.PragmaRule.ValueUse.CAPPED_SETTING;
import static dev.shoal.core.policy.PragmaRule.ValueUse.REFUSED;
import static dev.shoal.core.policy.PragmaRule.ValueUse.SETTING;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pragmas a tenant may use, and how: an explicit list, everything else refused. Every pragma
 * SQLite knows is named here (a test checks the list against {@code pragma_pragma_list} of the
 * bundled SQLite, so an upgrade that adds one fails until it is judged).
 */
final class PragmaRules {
    private static final String MANAGED = "is managed by Shoal and cannot be changed";
    private static final String PROCESS_WIDE = "is a process-wide setting of the server and is not available";
    private static final String DEBUG = "is a debugging or deprecated pragma and is not available";

    private static final Map<String, PragmaRule> RULES = new LinkedHashMap<>();

    static {
        // Introspection: the value, if any, names what to look at.
        for (String p : new String[] {"table_info", "table_xinfo", "table_list", "index_info", "index_xinfo",
                "index_list", "foreign_key_list", "foreign_key_check", "integrity_check", "quick_check"}) {
            put(p, true, ARGUMENT, false, null);
        }
        for (String p : new String[] {"collation_list", "compile_options", "function_list", "module_list",
                "pragma_list", "page_count", "freelist_count", "data_version", "database_list"}) {
            put(p, true, REFUSED, false, "takes no value");
        }
        // Actions on the tenant's own database.
        put("optimize", true, ARGUMENT, true, null);
        put("incremental_vacuum", true, ARGUMENT, true, null);
        put("wal_checkpoint", true, ARGUMENT, false, null); // only PASSIVE: see SqlPolicy
        // Per-connection settings an application legitimately sets.
        for (String p : new String[] {"foreign_keys", "defer_foreign_keys", "recursive_triggers",
                "ignore_check_constraints", "case_sensitive_like", "legacy_alter_table",
                "reverse_unordered_selects", "automatic_index", "cell_size_check", "secure_delete"}) {
            put(p, true, SETTING, false, null);
        }
        put("analysis_limit", true, CAPPED_SETTING, false, null);
        put("busy_timeout", true, CAPPED_SETTING, false, null);
        put("cache_size", true, CAPPED_SETTING, false, null);
        // Stored in the database header: writes the file.
        put("user_version", true, CAPPED_SETTING, true, null);
        put("application_id", true, CAPPED_SETTING, true, null);
        // Settings Shoal manages (durability, size limit, read-only tokens, file layout, memory, safety).
        for (String p : new String[] {"journal_mode", "synchronous", "locking_mode", "max_page_count", "page_size",
                "mmap_size", "journal_size_limit", "wal_autocheckpoint", "query_only", "temp_store", "threads",
                "trusted_schema", "writable_schema", "auto_vacuum", "encoding", "schema_version", "cache_spill",
                "read_uncommitted", "fullfsync", "checkpoint_fullfsync"}) {
            put(p, true, REFUSED, false, MANAGED);
        }
        // Process-wide: one tenant would change every tenant's server.
        for (String p : new String[] {"temp_store_directory", "data_store_directory", "soft_heap_limit",
                "hard_heap_limit", "shrink_memory"}) {
            put(p, false, REFUSED, false, PROCESS_WIDE);
        }
        for (String p : new String[] {"count_changes", "empty_result_callbacks", "full_column_names",
                "short_column_names", "default_cache_size", "legacy_file_format", "parser_trace", "vdbe_addoptrace",
                "vdbe_debug", "vdbe_listing", "vdbe_trace", "stats"}) {
            put(p, false, REFUSED, false, DEBUG);
        }
    }

    /** Pragmas whose table-valued function is refused although the statement form may run. */
    static final Set<String> FUNCTION_REFUSED = Set.of("database_list");

    private PragmaRules() {}

    private static void put(String name, boolean read, PragmaRule.ValueUse value, boolean writesFile, String why) {
        RULES.put(name, new PragmaRule(name, read, value, writesFile, why));
    }

    static Optional<PragmaRule> find(String name) {
        return Optional.ofNullable(RULES.get(name));
    }

    /** Every pragma named in the rules (allowed or not). */
    static Set<String> known() {
        return RULES.keySet();
    }
}

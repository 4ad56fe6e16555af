package dev.shoal.core.policy;

import java.util.Optional;

/**
 * What the policy decided for one statement it allows.
 *
 * @param sql          the text to give SQLite (the statement itself, or Shoal's safe rewrite of it)
 * @param writes       whether it may write the database: it needs the writer, and a read-only token
 *                     may not run it
 * @param leavesState  whether it may leave per-connection state behind (a setting, a temp object,
 *                     an attached database), so the connection must not serve another stream afterwards
 * @param scratchAttach whether SQLite attaches a scratch database internally to run it (VACUUM)
 * @param attachment   for ATTACH and DETACH, what to attach or detach; storage runs these itself
 */
public record Judgement(String sql, boolean writes, boolean leavesState, boolean scratchAttach,
        Optional<AttachStatement> attachment) {

    public Judgement(String sql, boolean writes, boolean leavesState, boolean scratchAttach) {
        this(sql, writes, leavesState, scratchAttach, Optional.empty());
    }
}

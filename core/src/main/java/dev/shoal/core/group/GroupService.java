package dev.shoal.core.group;

import dev.shoal.core.db.Names;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** Groups of an organization. {@code default} is made on demand. */
public final class GroupService {
    public static final String DEFAULT = "default";
    /** This node's location code (a single-node server has one location). */
    public static final String LOCATION = "local";

    private final GroupCatalog groups;
    private final Clock clock;

    public GroupService(GroupCatalog groups, Clock clock) {
        this.groups = groups;
        this.clock = clock;
    }

    /** The organization's default group, made if missing (by this request or a concurrent one). */
    public Group ensureDefault(String org) {
        return groups.findGroup(org, DEFAULT).orElseGet(() -> {
            Group g = new Group(UUID.randomUUID(), org, DEFAULT, LOCATION, false, clock.instant());
            try {
                groups.insertGroup(g);
                return g;
            } catch (ShoalException e) {
                if (e.code() != ErrorCode.ALREADY_EXISTS) {
                    throw e;
                }
                return groups.findGroup(org, DEFAULT).orElseThrow(() -> e); // another request made it first
            }
        });
    }

    public List<Group> list(String org) {
        return groups.listGroups(org);
    }

    public Group get(String org, String name) {
        return groups.findGroup(org, name).orElseThrow(() -> new ShoalException(ErrorCode.NOT_FOUND, "group not found"));
    }

    public Group get(UUID id) {
        return groups.findGroup(id).orElseThrow(() -> new ShoalException(ErrorCode.NOT_FOUND, "group not found"));
    }

    public Group create(String org, String name, String location) {
        Names.check("group", name);
        if (location != null && !location.isBlank() && !location.equals(LOCATION)) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "invalid location: " + location
                    + "; this server's only location is " + LOCATION);
        }
        if (groups.findGroup(org, name).isPresent()) {
            throw new ShoalException(ErrorCode.ALREADY_EXISTS, "group already exists");
        }
        Group g = new Group(UUID.randomUUID(), org, name, LOCATION, false, clock.instant());
        groups.insertGroup(g);
        return g;
    }

    public Group setDeleteProtection(String org, String name, boolean on) {
        Group g = get(org, name).withDeleteProtection(on);
        groups.updateGroup(g);
        return g;
    }

    /**
     * Deletes a group: refused while delete protection is on; {@code deleteDatabases} removes its
     * databases first (the group's databases go with it, as in Turso).
     */
    public Group delete(String org, String name, java.util.function.Consumer<Group> deleteDatabases) {
        Group g = get(org, name);
        if (g.deleteProtection()) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "group " + name
                    + " has delete protection on; turn it off first");
        }
        deleteDatabases.accept(g);
        groups.deleteGroup(g.id());
        return g;
    }
}

package dev.shoal.core.group;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Port: groups. */
public interface GroupCatalog {
    Optional<Group> findGroup(String organization, String name);

    Optional<Group> findGroup(UUID id);

    List<Group> listGroups(String organization);

    /** Inserts; throws ALREADY_EXISTS when the name is taken in the organization. */
    void insertGroup(Group group);

    void updateGroup(Group group);

    boolean deleteGroup(UUID id);
}

package dev.shoal.core.account;

import java.util.List;
import java.util.Optional;

/** Port: users, organizations and memberships. */
public interface AccountCatalog {
    boolean hasUsers();

    Optional<User> findUser(String username);

    void insertUser(User user);

    Optional<Organization> findOrganization(String slug);

    void insertOrganization(Organization org);

    void updateOrganization(Organization org);

    /** Organizations the user is a member of, ordered by slug. */
    List<Organization> organizationsOf(String username);

    Optional<Role> roleOf(String organization, String username);

    List<Member> members(String organization);

    /** Adds or changes a membership. */
    void putMember(String organization, String username, Role role);

    boolean removeMember(String organization, String username);
}

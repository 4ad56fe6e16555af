package dev.shoal.core.account;

import dev.shoal.core.db.Names;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.core.group.GroupService;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Users, organizations and memberships. Every user has a personal organization with their
 * username as slug; team organizations have members with roles.
 */
public final class AccountService {
    private final AccountCatalog accounts;
    private final GroupService groups;
    private final Clock clock;

    public AccountService(AccountCatalog accounts, GroupService groups, Clock clock) {
        this.accounts = accounts;
        this.groups = groups;
        this.clock = clock;
    }

    public boolean hasUsers() {
        return accounts.hasUsers();
    }

    /** Creates a user with its personal organization (owner) and that organization's default group. */
    public User createUser(String username, String email) {
        Names.check("user", username);
        if (accounts.findUser(username).isPresent() || accounts.findOrganization(username).isPresent()) {
            throw new ShoalException(ErrorCode.ALREADY_EXISTS, "user " + username + " already exists");
        }
        User user = new User(username, email == null ? "" : email, clock.instant());
        accounts.insertUser(user);
        accounts.insertOrganization(new Organization(UUID.randomUUID(), username, username, true, false, clock.instant()));
        accounts.putMember(username, username, Role.OWNER);
        groups.ensureDefault(username);
        return user;
    }

    public Optional<User> findUser(String username) {
        return accounts.findUser(username);
    }

    public User user(String username) {
        return accounts.findUser(username).orElseThrow(() -> new ShoalException(ErrorCode.NOT_FOUND, "user not found"));
    }

    public List<Organization> organizationsOf(String username) {
        return accounts.organizationsOf(username);
    }

    public Organization organization(String slug) {
        return accounts.findOrganization(slug).orElseThrow(() ->
                new ShoalException(ErrorCode.NOT_FOUND, "organization not found"));
    }

    /** A team organization owned by {@code owner}, with a default group. */
    public Organization createTeam(String owner, String slug, Optional<String> displayName) {
        Names.check("organization", slug);
        if (accounts.findOrganization(slug).isPresent() || accounts.findUser(slug).isPresent()) {
            throw new ShoalException(ErrorCode.ALREADY_EXISTS, "organization " + slug + " already exists");
        }
        Organization org = new Organization(UUID.randomUUID(), slug, displayName.orElse(slug), false, false, clock.instant());
        accounts.insertOrganization(org);
        accounts.putMember(slug, owner, Role.OWNER);
        groups.ensureDefault(slug);
        return org;
    }

    public Organization setOverages(String slug, boolean overages) {
        Organization o = organization(slug);
        Organization updated = new Organization(o.id(), o.slug(), o.name(), o.personal(), overages, o.createdAt());
        accounts.updateOrganization(updated);
        return updated;
    }

    public List<Member> members(String org) {
        organization(org);
        return accounts.members(org);
    }

    public Member addMember(String org, String username, Role role) {
        Organization o = organization(org);
        if (o.personal()) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST,
                    "cannot add members to a personal organization; create a team organization");
        }
        User u = user(username);
        if (role == Role.OWNER) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "new members can be admin or member");
        }
        if (accounts.roleOf(org, username).filter(r -> r == Role.OWNER).isPresent()) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "the owner's role cannot be changed");
        }
        accounts.putMember(org, username, role);
        return new Member(username, role, u.email());
    }

    public void removeMember(String org, String username) {
        organization(org);
        Role role = accounts.roleOf(org, username).orElseThrow(() ->
                new ShoalException(ErrorCode.NOT_FOUND, "user " + username + " is not a member of " + org));
        if (role == Role.OWNER) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "the owner cannot be removed from " + org);
        }
        accounts.removeMember(org, username);
    }
}

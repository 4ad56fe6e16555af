package dev.shoal.storage.catalog;

import dev.shoal.core.account.AccountCatalog;
import dev.shoal.core.account.Member;
import dev.shoal.core.account.Organization;
import dev.shoal.core.account.Role;
import dev.shoal.core.account.User;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Users, organizations and memberships in the catalog. */
final class AccountTables implements AccountCatalog {
    private static final String ORG_COLUMNS = "o.id, o.slug, o.name, o.type, o.overages, o.created_at";
    private final CatalogDb db;

    AccountTables(CatalogDb db) {
        this.db = db;
    }

    @Override
    public boolean hasUsers() {
        return db.exists("SELECT 1 FROM users LIMIT 1");
    }

    @Override
    public Optional<User> findUser(String username) {
        return db.one("SELECT username, email, created_at FROM users WHERE username = ?",
                rs -> new User(rs.getString(1), rs.getString(2), Instant.parse(rs.getString(3))), username);
    }

    @Override
    public void insertUser(User u) {
        db.update("INSERT INTO users(username, email, created_at) VALUES (?, ?, ?)",
                Optional.of(new ShoalException(ErrorCode.ALREADY_EXISTS, "user " + u.username() + " already exists")),
                u.username(), u.email(), u.createdAt().toString());
    }

    @Override
    public Optional<Organization> findOrganization(String slug) {
        return db.one("SELECT " + ORG_COLUMNS + " FROM organizations o WHERE o.slug = ?", AccountTables::org, slug);
    }

    @Override
    public void insertOrganization(Organization o) {
        db.update("INSERT INTO organizations(id, slug, name, type, overages, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                Optional.of(new ShoalException(ErrorCode.ALREADY_EXISTS, "organization " + o.slug() + " already exists")),
                o.id().toString(), o.slug(), o.name(), o.personal() ? "personal" : "team", o.overages(),
                o.createdAt().toString());
    }

    @Override
    public void updateOrganization(Organization o) {
        db.update("UPDATE organizations SET name = ?, overages = ? WHERE slug = ?", o.name(), o.overages(), o.slug());
    }

    @Override
    public List<Organization> organizationsOf(String username) {
        return db.query("SELECT " + ORG_COLUMNS + " FROM organizations o JOIN memberships m ON m.organization = o.slug "
                + "WHERE m.username = ? ORDER BY o.type DESC, o.slug", AccountTables::org, username);
    }

    @Override
    public Optional<Role> roleOf(String organization, String username) {
        return db.one("SELECT role FROM memberships WHERE organization = ? AND username = ?",
                rs -> Role.parse(rs.getString(1)), organization, username);
    }

    @Override
    public List<Member> members(String organization) {
        return db.query("SELECT m.username, m.role, u.email FROM memberships m JOIN users u ON u.username = m.username "
                        + "WHERE m.organization = ? ORDER BY m.username",
                rs -> new Member(rs.getString(1), Role.parse(rs.getString(2)), rs.getString(3)), organization);
    }

    @Override
    public void putMember(String organization, String username, Role role) {
        db.update("INSERT INTO memberships(organization, username, role) VALUES (?, ?, ?) "
                + "ON CONFLICT(organization, username) DO UPDATE SET role = excluded.role", organization, username, role.wire());
    }

    @Override
    public boolean removeMember(String organization, String username) {
        return db.update("DELETE FROM memberships WHERE organization = ? AND username = ?", organization, username) > 0;
    }

    private static Organization org(ResultSet rs) throws SQLException {
        return new Organization(UUID.fromString(rs.getString(1)), rs.getString(2), rs.getString(3),
                "personal".equals(rs.getString(4)), rs.getInt(5) != 0, Instant.parse(rs.getString(6)));
    }
}

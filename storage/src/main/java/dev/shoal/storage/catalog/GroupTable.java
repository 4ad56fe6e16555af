package dev.shoal.storage.catalog;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.core.group.Group;
import dev.shoal.core.group.GroupCatalog;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Groups in the catalog. */
final class GroupTable implements GroupCatalog {
    private static final String COLUMNS = "SELECT id, organization, name, location, delete_protection, created_at FROM groups ";
    private final CatalogDb db;

    GroupTable(CatalogDb db) {
        this.db = db;
    }

    @Override
    public Optional<Group> findGroup(String organization, String name) {
        return db.one(COLUMNS + "WHERE organization = ? AND name = ?", GroupTable::group, organization, name);
    }

    @Override
    public Optional<Group> findGroup(UUID id) {
        return db.one(COLUMNS + "WHERE id = ?", GroupTable::group, id.toString());
    }

    @Override
    public List<Group> listGroups(String organization) {
        return db.query(COLUMNS + "WHERE organization = ? ORDER BY name", GroupTable::group, organization);
    }

    @Override
    public void insertGroup(Group g) {
        db.update("INSERT INTO groups(id, organization, name, location, delete_protection, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)",
                Optional.of(new ShoalException(ErrorCode.ALREADY_EXISTS, "group already exists")),
                g.id().toString(), g.organization(), g.name(), g.location(), g.deleteProtection(), g.createdAt().toString());
    }

    @Override
    public void updateGroup(Group g) {
        db.update("UPDATE groups SET location = ?, delete_protection = ? WHERE id = ?", g.location(),
                g.deleteProtection(), g.id().toString());
    }

    @Override
    public boolean deleteGroup(UUID id) {
        return db.update("DELETE FROM groups WHERE id = ?", id.toString()) > 0;
    }

    private static Group group(ResultSet rs) throws SQLException {
        return new Group(UUID.fromString(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getInt(5) != 0, Instant.parse(rs.getString(6)));
    }
}

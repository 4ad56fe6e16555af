package dev.shoal.core.group;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** {@code ensureDefault} when another request creates the default group between its check and its insert. */
class GroupServiceDefaultTest {
    /** Groups by organization/name; the first insert finds that "another request" inserted first. */
    private static final class RacingGroups implements GroupCatalog {
        final Map<String, Group> byName = new ConcurrentHashMap<>();
        Group insertedByTheOtherRequest;

        @Override
        public Optional<Group> findGroup(String organization, String name) {
            return Optional.ofNullable(byName.get(organization + "/" + name));
        }

        @Override
        public void insertGroup(Group group) {
            if (insertedByTheOtherRequest == null) {
                insertedByTheOtherRequest = new Group(UUID.randomUUID(), group.organization(), group.name(),
                        group.location(), false, Instant.now());
                byName.put(group.organization() + "/" + group.name(), insertedByTheOtherRequest);
            }
            if (byName.putIfAbsent(group.organization() + "/" + group.name(), group) != null) {
                throw new ShoalException(ErrorCode.ALREADY_EXISTS, "group already exists");
            }
        }

        @Override
        public Optional<Group> findGroup(UUID id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Group> listGroups(String organization) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void updateGroup(Group group) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean deleteGroup(UUID id) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void aDefaultGroupCreatedConcurrentlyIsUsedInsteadOfFailing() {
        RacingGroups groups = new RacingGroups();
        Group g = new GroupService(groups, Clock.systemUTC()).ensureDefault("acme");
        assertThat(g).isEqualTo(groups.insertedByTheOtherRequest);
    }
}

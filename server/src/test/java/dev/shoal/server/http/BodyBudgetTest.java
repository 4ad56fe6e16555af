package dev.shoal.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.core.error.ShoalException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BodyBudgetTest {
    @Test
    void bodiesShareTheBudgetAndGiveItBackWhenTheirRequestEnds() throws Exception {
        BodyBudget budget = new BodyBudget(1 << 20);
        BodyBudget.Share first = budget.share();
        first.grow(700 * 1024);
        BodyBudget.Share second = budget.share();
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> second.grow(400 * 1024));
        Thread.sleep(200);
        assertThat(waiting).isNotDone(); // no room until the first request ends
        first.close();
        waiting.get(2, TimeUnit.SECONDS);
        second.close();
        try (BodyBudget.Share whole = budget.share()) {
            whole.grow(1 << 20); // everything was given back
        }
    }

    @Test
    void aBodyThatFindsNoRoomIsBusy() {
        BodyBudget budget = new BodyBudget(1 << 20);
        try (BodyBudget.Share hog = budget.share()) {
            hog.grow(1 << 20);
            BodyBudget.Share late = budget.share();
            assertThatThrownBy(() -> late.grow(1))
                    .isInstanceOfSatisfying(ShoalException.class, e -> assertThat(e.code().name()).isEqualTo("BUSY"))
                    .hasMessageContaining("too much request data at once (1 MiB in all)");
        }
    }
}

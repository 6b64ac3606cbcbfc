package io.sightline.kit.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.ws.rs.BadRequestException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PagesTest {

    record Job(String id, Instant at) {
    }

    private static final Function<Job, String> NEWEST_FIRST = j -> Pages.newestFirst(j.at(), j.id());

    @Test
    void pagesWalkTheWholeListOnceEvenWhileItemsAreAdded() {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            jobs.add(new Job("job-" + i, Instant.ofEpochSecond(1000 + i)));
        }
        List<String> seen = new ArrayList<>();
        Pages.Page<Job> page = Pages.cut(jobs, NEWEST_FIRST, Pages.Request.of(3, null));
        seen.addAll(page.items().stream().map(Job::id).toList());
        jobs.add(new Job("job-new", Instant.ofEpochSecond(5000))); // newer: lands before the cursor
        while (page.next() != null) {
            page = Pages.cut(jobs, NEWEST_FIRST, Pages.Request.of(3, page.next()));
            seen.addAll(page.items().stream().map(Job::id).toList());
        }
        assertThat(seen).containsExactly("job-6", "job-5", "job-4", "job-3", "job-2", "job-1", "job-0");
    }

    @Test
    void theLastPageHasNoCursorAndNumbersSortHighestFirst() {
        List<Integer> versions = List.of(9, 10, 1);
        Pages.Page<Integer> page = Pages.cut(versions, v -> Pages.highestFirst(v, ""), Pages.Request.of(null, null));
        assertThat(page.items()).containsExactly(10, 9, 1);
        assertThat(page.next()).isNull();
    }

    @Test
    void limitsAndCursorsAreChecked() {
        assertThatThrownBy(() -> Pages.Request.of(0, null)).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("between 1 and 1000");
        assertThatThrownBy(() -> Pages.Request.of(1001, null)).isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> Pages.Request.of(5, "%%%")).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("cursor");
        assertThat(Pages.Request.of(null, null).limit()).isEqualTo(Pages.DEFAULT_LIMIT);
    }
}

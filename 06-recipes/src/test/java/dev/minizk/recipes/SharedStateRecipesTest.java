package dev.minizk.recipes;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.minizk.tree.Acl;
import dev.minizk.tree.CreateMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The counter and the configuration service (06.5), group membership (06.6), in the simulator. */
class SharedStateRecipesTest {

    @Tag("06.5")
    @Test
    void three_clients_adding_concurrently_lose_no_increment() {
        for (long seed = 1; seed <= 20; seed++) {
            RecipeWorld world = new RecipeWorld(seed);
            List<CompletableFuture<Long>> adds = new ArrayList<>();
            for (int c = 1; c <= 3; c++) {
                RecipeWorld.Participant p = world.join("c" + c);
                DistributedCounter counter = new DistributedCounter(p.client(), "/counters/hits");
                p.machine().execute(() -> {
                    for (int i = 0; i < 10; i++) {
                        adds.add(counter.add(1));
                    }
                });
            }
            world.runUntil(() -> adds.size() == 30 && adds.stream().allMatch(CompletableFuture::isDone), 30_000);
            assertThat(adds).as("seed %d", seed).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
            assertThat(adds.stream().map(CompletableFuture::join).distinct().count()).as("each add saw its own value").isEqualTo(30);
            assertThat(world.participants.get(0).client().getData("/counters/hits", false).data())
                    .isEqualTo(DistributedCounter.encode(30));
        }
    }

    @Tag("06.5")
    @Test
    void a_config_reader_always_ends_at_the_latest_version_and_hears_versions_in_order() {
        RecipeWorld world = new RecipeWorld(3);
        RecipeWorld.Participant writer = world.join("writer");
        RecipeWorld.Participant reader = world.join("reader");
        List<Integer> heard = new ArrayList<>();
        List<String> values = new ArrayList<>();
        ConfigService config = new ConfigService(reader.client(), "/config", (value, version) -> {
            heard.add(version);
            values.add(new String(value, StandardCharsets.UTF_8));
        });
        reader.machine().execute(config::start);
        world.sim.runFor(100);
        writer.client().create("/config", "v0".getBytes(StandardCharsets.UTF_8), Acl.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT);
        for (int i = 1; i <= 20; i++) {
            writer.client().setDataAsync("/config", ("v" + i).getBytes(StandardCharsets.UTF_8), -1); // a burst, not waited for
        }
        world.runUntil(() -> values.contains("v20"), 10_000);

        assertThat(values).last().isEqualTo("v20");
        assertThat(heard).isSorted().doesNotHaveDuplicates();
        assertThat(heard.size()).as("a burst may be seen as fewer versions (one watch per read)").isBetween(1, 21);
    }

    @Tag("06.6")
    @Test
    void membership_equals_the_live_sessions_after_a_member_pauses_past_its_session_timeout() {
        RecipeWorld world = new RecipeWorld(4);
        List<RecipeWorld.Participant> people = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            RecipeWorld.Participant p = world.join("m" + i);
            people.add(p);
            GroupMembership membership = new GroupMembership(p.client(), "/groups/workers", m -> { });
            p.machine().execute(() -> membership.join(p.name()));
        }
        List<List<String>> views = new ArrayList<>();
        GroupMembership observer = new GroupMembership(people.get(0).client(), "/groups/workers", views::add);
        people.get(0).machine().execute(observer::watch);
        world.runUntil(() -> observer.members().size() == 3, 5_000);
        assertThat(observer.members()).containsExactly("m1", "m2", "m3");

        world.sim.cutOff(people.get(2).machine()); // m3 stops: it stays a member until its session expires
        world.sim.runFor(RecipeWorld.SESSION_TIMEOUT_MILLIS / 2);
        assertThat(observer.members()).contains("m3");
        world.runUntil(() -> observer.members().size() == 2, 10_000);
        assertThat(observer.members()).containsExactly("m1", "m2");
        assertThat(world.liveSessions().orElseThrow()).hasSize(2);
    }

    @Tag("06.5")
    @Test
    void a_config_reader_started_before_the_node_exists_hears_its_creation_and_each_later_write() {
        RecipeWorld world = new RecipeWorld(5);
        RecipeWorld.Participant writer = world.join("writer");
        RecipeWorld.Participant reader = world.join("reader");
        List<String> values = new ArrayList<>();
        ConfigService config = new ConfigService(reader.client(), "/config", (value, version) ->
                values.add(new String(value, StandardCharsets.UTF_8) + "@" + version));
        reader.machine().execute(config::start);
        world.sim.runFor(500);
        assertThat(values).isEmpty();

        writer.client().create("/config", "a".getBytes(StandardCharsets.UTF_8), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        world.runUntil(() -> values.size() == 1, 5_000);
        writer.client().setData("/config", "b".getBytes(StandardCharsets.UTF_8), 0);
        world.runUntil(() -> values.size() == 2, 5_000);
        writer.client().setData("/config", "c".getBytes(StandardCharsets.UTF_8), 1);
        world.runUntil(() -> values.size() == 3, 5_000);

        assertThat(values).as("one watch fires once: the reader re-arms it on every read").containsExactly("a@0", "b@1", "c@2");
    }

    @Tag("06.6")
    @Test
    void the_live_list_follows_members_joining_and_closing() {
        RecipeWorld world = new RecipeWorld(6);
        RecipeWorld.Participant observerClient = world.join("observer");
        List<List<String>> views = new ArrayList<>();
        GroupMembership observer = new GroupMembership(observerClient.client(), "/groups/api", views::add);
        observerClient.machine().execute(observer::watch);
        List<RecipeWorld.Participant> members = new ArrayList<>();
        for (String name : List.of("web-1", "web-2")) {
            RecipeWorld.Participant p = world.join(name);
            members.add(p);
            GroupMembership membership = new GroupMembership(p.client(), "/groups/api", m -> { });
            p.machine().execute(() -> membership.join(name));
        }
        assertThat(world.runUntil(() -> observer.members().size() == 2, 5_000)).isTrue();
        assertThat(observer.members()).containsExactly("web-1", "web-2");

        members.get(0).client().close();
        assertThat(world.runUntil(() -> observer.members().size() == 1, 5_000)).isTrue();
        assertThat(observer.members()).containsExactly("web-2");
        assertThat(views.get(views.size() - 1)).containsExactly("web-2");
    }
}

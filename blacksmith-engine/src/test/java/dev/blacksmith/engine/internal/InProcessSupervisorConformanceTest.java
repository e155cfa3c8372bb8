package dev.blacksmith.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blacksmith.spi.supervisor.Supervisor;
import dev.blacksmith.spi.supervisor.SupervisorException;
import dev.blacksmith.supervisor.Service;
import dev.blacksmith.testkit.authoring.SettableClock;
import dev.blacksmith.testkit.supervisor.SupervisorConformanceTest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InProcessSupervisorConformanceTest extends SupervisorConformanceTest {

  // Instants in microseconds, like a database's.
  private final SettableClock clock = SettableClock.at("2026-01-05T10:00:00.123456Z");
  private InProcessSupervisor backend;

  @Override
  protected Supervisor newSupervisor() {
    if (backend == null) {
      backend = new InProcessSupervisor(clock);
      backend.init();
      return backend;
    }
    InProcessSupervisor s = backend.connect();
    s.init();
    return s;
  }

  @Override
  protected void elapse(Duration d) {
    clock.advance(d);
  }

  @AfterEach
  void forgetBackend() {
    backend = null;
  }

  @Test
  void a_closed_supervisor_refuses_calls_and_its_locks_end_with_their_leases() {
    InProcessSupervisor one = new InProcessSupervisor(clock);
    InProcessSupervisor other = one.connect();
    Service me = new Service("id-1", "scheduler", "1.2.3", null);
    assertThat(one.tryAcquire("actions/crm/push", me, LEASE)).isPresent();

    one.close();

    assertThatThrownBy(one::locks).isInstanceOf(SupervisorException.class);
    assertThat(other.locks()).hasSize(1);
    elapse(LEASE);
    assertThat(other.locks()).isEmpty();
  }

  @Test
  void the_provider_opens_it_for_inprocess_urls() {
    InProcessSupervisorProvider provider = new InProcessSupervisorProvider();

    assertThat(provider.supports("inprocess:")).isTrue();
    assertThat(provider.supports("postgres://localhost/db")).isFalse();
    try (Supervisor s = provider.open("inprocess:")) {
      assertThat(s.name()).isEqualTo("inprocess");
    }
  }
}

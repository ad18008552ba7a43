package io.hearth.uds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BufferPoolTest {

  @Test
  void aBufferGivenBackIsLentAgain() {
    BufferPool pool = new BufferPool(16, 2);
    byte[] a = pool.take();
    assertThat(a).hasSize(16);
    pool.release(a);
    assertThat(pool.take()).isSameAs(a);
    assertThat(pool.take()).isNotSameAs(a).hasSize(16); // none waiting: a new one
  }

  @Test
  void keepsAtMostItsBoundAndIgnoresForeignArrays() {
    BufferPool pool = new BufferPool(16, 2);
    byte[] a = pool.take();
    byte[] b = pool.take();
    byte[] c = pool.take();
    pool.release(a);
    pool.release(b);
    pool.release(c); // full: dropped
    pool.release(new byte[8]); // another size: ignored
    pool.release(null);
    assertThat(pool.idle()).isEqualTo(2);
    assertThat(pool.take()).isSameAs(a);
    assertThat(pool.take()).isSameAs(b);
  }

  @Test
  void refusesNonsenseSizes() {
    assertThatThrownBy(() -> new BufferPool(0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BufferPool(16, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theSharedPoolLendsBuffersOfItsSize() {
    assertThat(BufferPool.shared().take()).hasSize(BufferPool.SHARED_SIZE);
  }
}

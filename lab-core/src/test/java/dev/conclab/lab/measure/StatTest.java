package dev.conclab.lab.measure;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatTest {

    @Test
    void medianOfAnOddCountIsTheMiddleValue() {
        assertThat(Stat.of(5.0, 1.0, 9.0)).isEqualTo(new Stat(5, 1, 9));
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(Stat.of(4L, 1L, 10L, 2L)).isEqualTo(new Stat(3, 1, 10));
    }

    @Test
    void spreadIsTheRangeOverTheMedian() {
        assertThat(Stat.of(90.0, 100.0, 110.0).spread()).isEqualTo(0.2);
        assertThat(Stat.exactly(0).spread()).isZero();
    }

    @Test
    void rejectsEmptyInputAndInconsistentValues() {
        assertThatThrownBy(() -> Stat.of(new double[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Stat(1, 2, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}

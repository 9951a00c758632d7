import { divideRoundHalfUp, formatBasisPoints, formatMinor, majorToMinor, quantityAmount, taxAmount, timeAmount, toThousandths } from './money';

describe('money in minor units', () => {
  it('prices time as minutes × rate / 60, rounded half up', () => {
    expect(timeAmount(60, 9000)).toBe(9000);
    expect(timeAmount(1, 100)).toBe(2); // 1.666… → 2
    expect(timeAmount(1, 90)).toBe(2); // 1.5 → 2 (half up)
    expect(timeAmount(1, 89)).toBe(1); // 1.483… → 1
    expect(timeAmount(7, 12345)).toBe(1440); // 1440.25
  });

  it('rounds tax half up per line, from basis points', () => {
    expect(taxAmount(1000, 2000)).toBe(200);
    expect(taxAmount(1005, 1000)).toBe(101); // 100.5 → 101
    expect(taxAmount(1004, 1000)).toBe(100);
    expect(taxAmount(0, 2500)).toBe(0);
  });

  it('multiplies quantities exactly in thousandths', () => {
    expect(toThousandths(2.675)).toBe(2675);
    expect(toThousandths(0.1)).toBe(100);
    expect(quantityAmount(1500, 333)).toBe(500); // 499.5 → 500
    expect(quantityAmount(toThousandths(3), 1999)).toBe(5997);
  });

  it('converts major-unit amounts without float drift', () => {
    expect(majorToMinor(0.29, 'USD')).toBe(29);
    expect(majorToMinor(1200.5, 'USD')).toBe(120050);
    expect(majorToMinor(1.005, 'USD')).toBe(101);
    expect(majorToMinor(500, 'JPY')).toBe(500);
    expect(majorToMinor(1.2345, 'KWD')).toBe(1235);
  });

  it('formats from the integer', () => {
    expect(formatMinor(123456, 'USD')).toBe('1234.56');
    expect(formatMinor(5, 'EUR')).toBe('0.05');
    expect(formatMinor(500, 'JPY')).toBe('500');
    expect(formatMinor(1235, 'KWD')).toBe('1.235');
    expect(formatBasisPoints(2000)).toBe('20.00');
    expect(formatBasisPoints(725)).toBe('7.25');
    expect(divideRoundHalfUp(5n, 2n)).toBe(3);
  });
});

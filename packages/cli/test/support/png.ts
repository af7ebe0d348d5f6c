/** A valid 2×3 RGB PNG (75 bytes): signature, IHDR, one IDAT and IEND, with correct CRCs. */
export const PNG_2X3 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAADCAIAAAA2iEnWAAAAEklEQVR42mP4z8DA0PCfAYUCAExWB3v/9xMUAAAAAElFTkSuQmCC',
  'base64',
);

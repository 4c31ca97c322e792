// Sizes and rates in messages: "66.1 MiB", "12.0 KiB", "500 B" (append "/s" for a rate).

const KiB = 1024;
const MiB = 1024 * 1024;

export function formatBytes(bytes: number): string {
  if (bytes >= MiB) return `${(bytes / MiB).toFixed(1)} MiB`;
  if (bytes >= KiB) return `${(bytes / KiB).toFixed(1)} KiB`;
  return `${Math.round(bytes)} B`;
}

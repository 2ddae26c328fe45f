import { Paper } from '@mantine/core';
import { DragEvent, KeyboardEvent, ReactNode, useRef, useState } from 'react';

// A drop area for one file: drag a file onto it, or click (Enter/Space) to open the file picker.
// Its name is its visible text (what to do, or the file taken), as WCAG 2.5.3 asks of a button.
// Our own instead of @mantine/dropzone: from 9.6 that package and its react-dropzone, file-selector
// and attr-accept declare Node >= 22, while the product builds and its CI runs on Node 20; the few
// lines here are all the cabinet used of them.
export function FileDrop({
  onFile,
  onTooLarge,
  maxSize,
  children,
  testId,
}: {
  onFile: (file: File) => void;
  onTooLarge: (file: File) => void;
  maxSize: number;
  children: ReactNode;
  testId?: string;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);

  const take = (files: FileList | null) => {
    const file = files?.[0];
    if (!file) return;
    if (file.size > maxSize) onTooLarge(file);
    else onFile(file);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    take(event.dataTransfer.files);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    input.current?.click();
  };

  return (
    <Paper
      withBorder
      role="button"
      tabIndex={0}
      data-testid={testId}
      data-over={over || undefined}
      onClick={() => input.current?.click()}
      onKeyDown={onKeyDown}
      onDragOver={(event: DragEvent) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      style={{
        cursor: 'pointer',
        borderStyle: 'dashed',
        borderWidth: 2,
        borderColor: over ? 'var(--mantine-primary-color-filled)' : undefined,
        background: over ? 'var(--mantine-primary-color-light)' : undefined,
      }}
    >
      {children}
      <input
        ref={input}
        type="file"
        hidden
        tabIndex={-1}
        onChange={(event) => {
          take(event.currentTarget.files);
          // The same file chosen again still fires onChange.
          event.currentTarget.value = '';
        }}
      />
    </Paper>
  );
}

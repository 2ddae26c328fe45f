import { List, Stack, Text, Title, TitleOrder } from '@mantine/core';
import { Fragment } from 'react';
import { Inline, parseMarkdown } from './markdown';

function Inlines({ content }: { content: Inline[] }) {
  return (
    <>
      {content.map((part, i) =>
        part.kind === 'strong' ? (
          <strong key={i}>{part.text}</strong>
        ) : part.kind === 'em' ? (
          <em key={i}>{part.text}</em>
        ) : (
          <Fragment key={i}>{part.text}</Fragment>
        ),
      )}
    </>
  );
}

// A legal text (offer, privacy policy) as headings, paragraphs and lists. `headingOffset` moves
// its "#" below the headings of the page it sits in (a "#" under the page's h1 and h2 is an h3).
export function LegalText({ source, headingOffset = 2 }: { source: string; headingOffset?: number }) {
  return (
    <Stack gap={6} data-testid="legal-text">
      {parseMarkdown(source).map((block, i) => {
        if (block.kind === 'heading') {
          const order = Math.min(6, block.level + headingOffset) as TitleOrder;
          return (
            <Title key={i} order={order} size={block.level === 1 ? 'h4' : 'h5'} mt={i === 0 ? 0 : 'xs'}>
              <Inlines content={block.content} />
            </Title>
          );
        }
        if (block.kind === 'list') {
          return (
            <List key={i} type={block.ordered ? 'ordered' : 'unordered'} start={block.start} size="sm" withPadding>
              {block.items.map((item, j) => (
                <List.Item key={j}>
                  <Inlines content={item} />
                </List.Item>
              ))}
            </List>
          );
        }
        return (
          <Text key={i} size="sm">
            <Inlines content={block.content} />
          </Text>
        );
      })}
    </Stack>
  );
}

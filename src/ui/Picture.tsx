import { type Image, mediaUrl, renditionNear, srcset } from '../media/images.js';

/** A responsive image: WebP and JPEG renditions at several widths, sized to avoid layout shift. */
export function Picture({ image, sizes, eager = false }: { image: Image; sizes: string; eager?: boolean }) {
  const fallback = renditionNear(image, 800);
  if (!fallback) return null;
  const avif = srcset(image, 'avif');
  const webp = srcset(image, 'webp');
  return (
    <picture>
      {avif && <source type="image/avif" srcset={avif} sizes={sizes} />}
      {webp && <source type="image/webp" srcset={webp} sizes={sizes} />}
      <img
        src={mediaUrl(fallback.file)}
        srcset={srcset(image, 'jpeg')}
        sizes={sizes}
        width={image.width}
        height={image.height}
        alt={image.alt}
        loading={eager ? 'eager' : 'lazy'}
        decoding="async"
        {...(eager ? { fetchpriority: 'high' } : {})}
      />
    </picture>
  );
}

/**
 * Apple Podcasts' categories and subcategories, by their exact English names:
 * a feed's `itunes:category text` must be one of these, spelled like this
 * (https://podcasters.apple.com/support/1691-apple-podcasts-categories).
 * Spotify reads the same tags.
 */
export const APPLE_CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  Arts: ['Books', 'Design', 'Fashion & Beauty', 'Food', 'Performing Arts', 'Visual Arts'],
  Business: ['Careers', 'Entrepreneurship', 'Investing', 'Management', 'Marketing', 'Non-Profit'],
  Comedy: ['Comedy Interviews', 'Improv', 'Stand-Up'],
  Education: ['Courses', 'How To', 'Language Learning', 'Self-Improvement'],
  Fiction: ['Comedy Fiction', 'Drama', 'Science Fiction'],
  Government: [],
  History: [],
  'Health & Fitness': [
    'Alternative Health',
    'Fitness',
    'Medicine',
    'Mental Health',
    'Nutrition',
    'Sexuality',
  ],
  'Kids & Family': ['Education for Kids', 'Parenting', 'Pets & Animals', 'Stories for Kids'],
  Leisure: [
    'Animation & Manga',
    'Automotive',
    'Aviation',
    'Crafts',
    'Games',
    'Hobbies',
    'Home & Garden',
    'Video Games',
  ],
  Music: ['Music Commentary', 'Music History', 'Music Interviews'],
  News: [
    'Business News',
    'Daily News',
    'Entertainment News',
    'News Commentary',
    'Politics',
    'Sports News',
    'Tech News',
  ],
  'Religion & Spirituality': [
    'Buddhism',
    'Christianity',
    'Hinduism',
    'Islam',
    'Judaism',
    'Religion',
    'Spirituality',
  ],
  Science: [
    'Astronomy',
    'Chemistry',
    'Earth Sciences',
    'Life Sciences',
    'Mathematics',
    'Natural Sciences',
    'Nature',
    'Physics',
    'Social Sciences',
  ],
  'Society & Culture': ['Documentary', 'Personal Journals', 'Philosophy', 'Places & Travel', 'Relationships'],
  Sports: [
    'Baseball',
    'Basketball',
    'Cricket',
    'Fantasy Sports',
    'Football',
    'Golf',
    'Hockey',
    'Rugby',
    'Running',
    'Soccer',
    'Swimming',
    'Tennis',
    'Volleyball',
    'Wilderness',
    'Wrestling',
  ],
  Technology: [],
  'True Crime': [],
  'TV & Film': ['After Shows', 'Film History', 'Film Interviews', 'Film Reviews', 'TV Reviews'],
};

/**
 * The desk's one choice for both: "News" or "News › Daily News", stored as
 * category and subcategory. Undefined when Apple has no such pair.
 */
export function readCategoryChoice(value: string): { category: string; subcategory: string } | undefined {
  const [category = '', subcategory = '', ...rest] = value.split(' › ');
  const subcategories = APPLE_CATEGORIES[category];
  if (!subcategories || rest.length > 0) return undefined;
  if (subcategory !== '' && !subcategories.includes(subcategory)) return undefined;
  return { category, subcategory };
}

export const categoryChoice = (category: string, subcategory: string) =>
  subcategory ? `${category} › ${subcategory}` : category;

/** Every choice, in Apple's order: each category, then its subcategories. */
export const CATEGORY_CHOICES: readonly string[] = Object.entries(APPLE_CATEGORIES).flatMap(
  ([category, subcategories]) => [category, ...subcategories.map((sub) => categoryChoice(category, sub))],
);
